"""The Streamlit app: shared helpers (common), i18n, profiles, the SPARQL console; pages/."""
