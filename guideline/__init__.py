"""松本市テレワークガイドライン: data, renderers, editions and comparison.

Nothing in this package imports mkdocs: the site framework is glue (``macros/``) around it.
"""
