// Relationships between projected nodes, per type.
MATCH (:Resource)-[r]->(:Resource)
RETURN type(r) AS type, count(*) AS n
ORDER BY type
