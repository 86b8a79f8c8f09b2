"""Industry chains (segments, providers, weak links), technology chains and maturity."""
