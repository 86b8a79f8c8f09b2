// Technologies whose id (localId or notation) or label (any language) is the text.
// param: q - the text to match (case-insensitive)
MATCH (t:Technology)
WHERE any(v IN [t.prefLabel_en, t.prefLabel_zh, t.prefLabel, t.label, t.notation, t.localId]
          WHERE v IS NOT NULL AND toLower(toString(v)) = toLower($q))
   OR any(v IN coalesce(t.altLabel_en, []) + coalesce(t.altLabel_zh, [])
          WHERE toLower(toString(v)) = toLower($q))
RETURN DISTINCT t.iri AS tech
