"""Lines of a data block as the 新旧対照表 reads them, each naming the item it shows."""


class DataLine(str):
    """One line of a data block: its text, the list it belongs to and the item it shows.

    Two editions' lines of the same `group` and `item` (a task's id, a checklist's title) are
    one item before and after, however much its text changed. A line with no `item` (a
    checklist entry, which has no id) pairs by likeness, but only within its group: an entry
    of one checklist is never the amended form of another's, nor of the prose around it.
    """

    group: str
    item: str | None

    def __new__(cls, text: str, *, group: str, item: str | None = None):
        line = super().__new__(cls, text)
        line.group, line.item = group, item
        return line

    def __reduce__(self):  # kept whole when copied or sent to another process
        return _data_line, (str(self), self.group, self.item)


def _data_line(text: str, group: str, item: str | None) -> "DataLine":
    return DataLine(text, group=group, item=item)
