"""Technology topics of the corpus (``ikg topics``): candidate concepts found in the works'
text, read-only. ``service.find_topics`` is the entry point; accepting candidates (which writes)
is ``ingest.topics.accept``."""
