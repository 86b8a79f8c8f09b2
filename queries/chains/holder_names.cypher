// Names and country of institutions or experts (chains/tech_holders' holders).
// param: holder - holder IRIs, a list
MATCH (h) WHERE h.iri IN $holder
OPTIONAL MATCH (h)-[:MEMBER_OF]->(m)
RETURN h.iri AS holder,
       coalesce(h.prefLabel_en, h.name, h.label) AS name,
       h.prefLabel_zh AS name_zh,
       head(collect(coalesce(h.countryCode, m.countryCode))) AS country
