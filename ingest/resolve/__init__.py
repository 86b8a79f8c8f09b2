"""The Resolver stage: name parsing, pair scoring, clustering, the review queue, evaluation."""
