"""The dependency rule between apps: an app imports only apps below it in LAYERS (and itself).

Read from the source with `ast` (every `import` and `from ... import`, at module level or inside a
function, including TYPE_CHECKING blocks), so a function-level import cannot hide an upward
dependency. Apps above talk to apps below through `lantern.core.events` (e.g.
`lantern.cases.events`) and registries filled in `AppConfig.ready()` (case tabs, access
functions, outbox handlers). docs/architecture.md states the same order.
"""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "lantern"

# Lowest first. Apps on the same line may not import each other either (siblings are independent).
LAYERS: list[tuple[str, ...]] = [
    ("config.secrets",),  # secrets from the environment or var/secrets/; imports no app
    ("config.settings",),  # read by everything; imports no app
    ("core",),
    ("people",),
    ("cases",),
    ("nrm",),
    ("notify",),
    ("victims_code",),
    ("safeguarding",),
    ("decisions",),
    ("orders", "oversight", "triage"),  # triage reads cases, nrm, safeguarding, victims_code
    ("portal",),  # advocates and victims: reads orders (an order that protects the victim)
    ("demo",),
    ("config",),  # urls, the NinjaAPI: the project, wires every app together
]

# Upward imports that remain, each with its reason: (importing module, imported module prefix).
# Remove a line when the import goes; a new upward import fails the test.
EXCEPTIONS: set[tuple[str, str]] = {
    # A person's page lists their cases and NRM referrals: should become panels registered by
    # cases and nrm (as the case tabs are).
    ("lantern.people.views", "lantern.cases"),
    ("lantern.people.views", "lantern.nrm"),
    # The one search finds cases by NRM and Duty to Notify references and returns unlinked NRM
    # alerts; cases and nrm are one search domain. Should become a search provider nrm registers.
    ("lantern.cases.lookup", "lantern.nrm"),
    ("lantern.cases.views", "lantern.nrm"),
}


def layer_of(module: str, layers: list[tuple[str, ...]]) -> int | None:
    """The layer of a `lantern.x.y` module: the longest matching app prefix wins."""
    name = module.removeprefix("lantern.")
    best: tuple[int, int] | None = None
    for index, apps in enumerate(layers):
        for app in apps:
            if name == app or name.startswith(app + "."):
                if best is None or len(app) > best[1]:
                    best = (index, len(app))
    return None if best is None else best[0]


def app_of(module: str, layers: list[tuple[str, ...]]) -> str | None:
    name = module.removeprefix("lantern.")
    matches = [app for apps in layers for app in apps if name == app or name.startswith(app + ".")]
    return max(matches, key=len) if matches else None


def imports_of(path: Path, module: str) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the package
                base = module.split(".")[: -node.level]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            # `from a.b import c` records a.b.c: c may be a module (placed by its longest prefix)
            found.update(f"{target}.{alias.name}" for alias in node.names)
    return {name for name in found if name.startswith("lantern.")}


def upward_imports(
    root: Path,
    layers: list[tuple[str, ...]],
    exceptions: set[tuple[str, str]] = frozenset(),  # type: ignore[assignment]
) -> list[str]:
    """Every import under `root` (the `lantern` package directory) of a higher or sibling app."""
    problems: list[str] = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root.parent).with_suffix("")
        if "migrations" in relative.parts:
            continue
        module = ".".join(relative.parts).removesuffix(".__init__")
        own_layer, own_app = layer_of(module, layers), app_of(module, layers)
        if own_layer is None:
            continue
        for target in sorted(imports_of(path, module)):
            target_layer, target_app = layer_of(target, layers), app_of(target, layers)
            if target_layer is None or target_app == own_app or target_layer < own_layer:
                continue
            if any(module == mod and (target == pre or target.startswith(pre + ".")) for mod, pre in exceptions):
                continue
            problems.append(f"{module} imports {target}")
    return problems


def test_no_app_imports_an_app_above_it() -> None:
    assert upward_imports(SRC, LAYERS, EXCEPTIONS) == []


def test_every_exception_is_still_needed() -> None:
    """An exception whose import has gone must be deleted, so the list only shrinks."""
    problems = upward_imports(SRC, LAYERS)
    for module, prefix in EXCEPTIONS:
        assert any(p.startswith(f"{module} imports {prefix}") for p in problems), (module, prefix)


def test_every_app_is_in_a_layer() -> None:
    apps = {path.name for path in SRC.iterdir() if (path / "apps.py").exists() or path.name == "config"}
    placed = {app.split(".")[0] for layer in LAYERS for app in layer}
    assert apps <= placed


def test_the_checker_fails_on_an_upward_import(tmp_path: Path) -> None:
    root = tmp_path / "lantern"
    for app in ("core", "cases", "victims_code"):
        (root / app).mkdir(parents=True)
        (root / app / "__init__.py").write_text("")
    (root / "__init__.py").write_text("")
    (root / "victims_code" / "services.py").write_text("from lantern.cases.models import Case\n")  # downward: fine
    (root / "cases" / "services.py").write_text(
        "def record():\n    from lantern.victims_code import hooks\n"  # upward, hidden in a function
    )
    (root / "core" / "access.py").write_text("from ..cases import access\n")  # upward, relative
    layers: list[tuple[str, ...]] = [("core",), ("cases",), ("victims_code",)]
    assert upward_imports(root, layers) == [
        "lantern.cases.services imports lantern.victims_code.hooks",
        "lantern.core.access imports lantern.cases.access",
    ]
    assert (
        upward_imports(
            root, layers, {("lantern.cases.services", "lantern.victims_code"), ("lantern.core.access", "lantern.cases")}
        )
        == []
    )
