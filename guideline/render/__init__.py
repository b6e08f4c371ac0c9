"""Data blocks and pages as the reader sees them: HTML from templates (autoescaped) and
the plain lines the 新旧対照表 compares. Reads content; knows nothing of git or mkdocs."""
