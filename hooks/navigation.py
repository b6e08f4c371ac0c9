"""Build hook: an older edition's navigation leaves out pages added after it (see guideline.site.navigation)."""

from guideline.site.navigation import prune


def on_files(files, config):
    if config["nav"]:
        config["nav"] = prune(config["nav"], exists=lambda path: files.get_file_from_path(path) is not None)
    return files
