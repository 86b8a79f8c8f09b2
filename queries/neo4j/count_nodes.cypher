// Nodes of the projection, per label.
MATCH (n:Resource)
UNWIND labels(n) AS label
RETURN label, count(*) AS n
ORDER BY label
