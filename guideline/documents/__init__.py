"""Documents for approval and print: the 新旧対照表 as PDF or Word, and each edition as a PDF."""
