"""An import-linter contract that lists what a layer MAY import (an allow-list).

import-linter's own contracts say what a layer must not import (`forbidden`) or who may import a
package (`protected`). House style wants the other way round: a layer names everything it may
depend on, so a new dependency is a visible change to `pyproject.toml` instead of something
nobody thought to forbid. Registered in `[tool.importlinter] contract_types` as `allowed`:

    [[tool.importlinter.contracts]]
    name = "media imports only the domain of the core"
    type = "allowed"
    source_modules = ["media"]
    allowed_modules = ["advisor_app.domain", "aiortc", "av", "numpy"]

Every import made by a module inside a source package must land in that same source package, in
the standard library, or in an allowed module or one of its descendants. `ignore_imports` takes
import-linter's usual `importer -> imported` expressions for the exceptions a contract spells out.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

import grimp
from importlinter import Contract, ContractCheck, fields, output
from importlinter.application import contract_utils
from importlinter.application.contract_utils import AlertLevel

_STANDARD_LIBRARY = frozenset(sys.stdlib_module_names) | {"__future__"}


@dataclass(frozen=True)
class _Illegal:
    importer: str
    imported: str
    lines: tuple[int, ...]


def _within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


class AllowedImportsContract(Contract):
    """Modules in `source_modules` import only themselves, the stdlib and `allowed_modules`."""

    type_name = "allowed"

    source_modules = fields.ListField(subfield=fields.StringField())
    allowed_modules = fields.ListField(subfield=fields.StringField())
    ignore_imports = fields.SetField(subfield=fields.ImportExpressionField(), required=False)
    unmatched_ignore_imports_alerting = fields.EnumField(AlertLevel, default=AlertLevel.ERROR)

    def check(self, graph: grimp.ImportGraph, verbose: bool) -> ContractCheck:  # noqa: ARG002
        removal = contract_utils.remove_ignored_imports_and_report(
            graph=graph,
            ignore_imports=self.ignore_imports,  # type: ignore[arg-type]
            unmatched_alerting=self.unmatched_ignore_imports_alerting,  # type: ignore[arg-type]
        )
        sources: list[str] = list(self.source_modules)  # type: ignore[call-overload]
        allowed: list[str] = list(self.allowed_modules)  # type: ignore[call-overload]
        illegal: list[_Illegal] = []
        for source in sources:
            for importer in sorted({source} | graph.find_descendants(source)):
                for imported in sorted(graph.find_modules_directly_imported_by(importer)):
                    if (
                        _within(imported, source)
                        or imported.split(".")[0] in _STANDARD_LIBRARY
                        or any(_within(imported, package) for package in allowed)
                    ):
                        continue
                    details = graph.get_import_details(importer=importer, imported=imported)
                    lines = tuple(detail["line_number"] for detail in details)
                    illegal.append(_Illegal(importer, imported, lines))
        return ContractCheck(
            kept=not illegal,
            warnings=list(removal.warnings),
            ignored_import_count=removal.ignored_import_count,
            metadata={"illegal": illegal},
        )

    def render_broken_contract(self, check: ContractCheck) -> None:
        output.print_error("Imports outside the allow-list:", bold=False)
        output.new_line()
        for link in check.metadata["illegal"]:
            lines = ", ".join(map(str, link.lines))
            output.print_error(f"- {link.importer} -> {link.imported} (l.{lines})", bold=False)
        output.new_line()
