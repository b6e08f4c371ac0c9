"""The guideline's text and data as files: YAML with line numbers, schemas, data files,
terms, the editions manifest and the Markdown scanner. Knows nothing of HTML, git or mkdocs."""
