"""The chart libraries as one classic script: Vega, Vega-Lite and vega-embed (from the installed vl-convert),
then vega-interpreter (vendored from npm, BSD-3-Clause, licence beside it in static/vendor/).

Vega compiles its expressions with `new Function` unless it is given an interpreter: with this one
(`ast: true, expr: vegaInterpreter.expressionInterpreter` in site.js) the pages need no 'unsafe-eval'.
The vendored files are ES modules; they are joined here into one function scope, unchanged but for
their import and export lines.
"""

from __future__ import annotations

import functools
from pathlib import Path

VENDOR = Path(__file__).resolve().parent / "static" / "vendor"
INTERPRETER = "vega-interpreter.js"
HELPERS = "vega-util-helpers.js"
LICENSE = "vega-interpreter.LICENSE"
IMPORT = "import { ascending, isString, DisallowedObjectProperties } from 'vega-util';\n"
EXPORT = "export { expression as expressionInterpreter };\n"


def interpreter() -> str:
    """vega-interpreter as a classic script defining `window.vegaInterpreter`."""
    source = (VENDOR / INTERPRETER).read_text(encoding="utf-8")
    helpers = (VENDOR / HELPERS).read_text(encoding="utf-8")
    if not source.startswith(IMPORT) or EXPORT not in source:
        raise RuntimeError(f"{VENDOR / INTERPRETER}: not the vendored vega-interpreter build")  # a packaging fault
    body = source.removeprefix(IMPORT).replace(
        EXPORT, "window.vegaInterpreter = { expressionInterpreter: expression };\n"
    )
    helpers = helpers.replace("export function ", "function ").replace("export const ", "const ")
    return f"(function () {{\n'use strict';\n{helpers}\n{body}}})();\n"


def licence() -> bytes:
    return (VENDOR / LICENSE).read_bytes()


@functools.cache
def bundle() -> str:
    from modelwatch.publish.report import vega_bundle

    return vega_bundle() + "\n" + interpreter()
