"""One edition built as a site: the build run, its log, the search index, the offline
check, the preview server and `guideline check`."""
