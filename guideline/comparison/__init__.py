"""新旧対照表: a page read as the reader sees it, aligned and marked between two editions."""
