// Industry chains with their CSV id and names (en and zh).
MATCH (c:IndustryChain)
RETURN c.iri AS chain, c.localId AS id, c.prefLabel_en AS label, c.prefLabel_zh AS label_zh
ORDER BY id, chain
