"""Briefings: assemble the data, then render it (HTML, Markdown, DOCX, PDF) with charts."""
