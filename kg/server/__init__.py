"""`ikg serve`: the SPARQL 1.1 Protocol endpoint, its worker pool, pages and feeds."""
