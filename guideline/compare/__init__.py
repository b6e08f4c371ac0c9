"""The 新旧対照表: pages read as blocks, paired by identity and likeness, phrases marked,
rendered as HTML for the site and the documents."""
