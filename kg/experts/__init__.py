"""Expert finding: the index, ranking, filters, similar experts, shortlists, demand matching
and the evaluation against gold files."""
