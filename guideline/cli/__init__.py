"""The `guideline` command: arguments, Japanese messages, no traceback unless --debug.
Each subcommand calls one function of a lower layer."""
