"""ikg: an industry knowledge graph of technologies, experts, institutions and industries."""

__version__ = "0.1.0"
