"""ARCHITECTURE.md describes the package as it is: a maintainer who reads the module map
finds every module in the layer it names."""

import re

import pytest

from helpers import PROJECT

PACKAGE = PROJECT / "guideline"
MAP = (PROJECT / "ARCHITECTURE.md").read_text(encoding="utf-8")
ROWS = {row.split("|")[1].strip(" `"): row for row in MAP.splitlines() if row.startswith("| `") or row.startswith("| foundation")}


def _modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "__init__.py" or "__pycache__" in path.parts:
            continue
        layer = path.parent.name if path.parent != PACKAGE else "foundation"
        yield layer, path.name


@pytest.mark.parametrize(("layer", "module"), list(_modules()))
def test_every_module_is_named_in_the_row_of_its_layer(layer, module):
    assert layer in ROWS, f"ARCHITECTURE.md has no row for the layer {layer}"
    assert f"`{module}`" in ROWS[layer], f"ARCHITECTURE.md does not name guideline/{layer}/{module}"


def test_the_layer_order_in_the_guide_is_the_order_the_contract_checks():
    contract = (PROJECT / "pyproject.toml").read_text(encoding="utf-8")
    checked = re.findall(r'^\s+"guideline\.(\w+)",$', contract, re.MULTILINE)
    stated = re.search(r"^\*\*(.+)\*\*$", MAP, re.MULTILINE).group(1).split(" → ")
    assert [layer for layer in stated if layer != "foundation"] == [name for name in checked if name in ROWS][:len(stated) - 1]


def test_each_layer_holds_few_enough_modules_to_take_in_at_a_glance():
    """At most 10 modules at the top of the package and 12 in a layer: more, and the layer
    has two jobs that want a folder each."""
    counts: dict = {}
    for layer, _ in _modules():
        counts[layer] = counts.get(layer, 0) + 1
    crowded = {layer: count for layer, count in counts.items() if count > (10 if layer == "foundation" else 12)}
    assert not crowded, crowded
