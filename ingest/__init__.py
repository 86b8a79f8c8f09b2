"""The ingestion pipeline: Loader -> Extractor -> Resolver -> Validator -> Writer."""
