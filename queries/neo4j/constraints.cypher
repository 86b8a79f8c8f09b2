// The iri uniqueness constraints ikg created.
SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties
WHERE name STARTS WITH 'ikg_iri_'
RETURN name, type, labelsOrTypes, properties
ORDER BY name
