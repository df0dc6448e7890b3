// The three helpers of vega-util that vega-interpreter imports, copied from vega-util 2.1.3 (npm,
// build/isString.js, build/compare.js, build/interpreter.js); BSD-3-Clause, the licence text is
// vega-interpreter.LICENSE beside this file (the same for both packages). Joined by modelwatch/web/vega.py.
export function isString(_) {
    return typeof _ === 'string';
}
export const ascending = (_u, _v) => {
    let u = _u;
    let v = _v;
    return (u < v || u == null) && v != null ? -1
        : (u > v || v == null) && u != null ? 1
            : ((v = v instanceof Date ? +v : v), (u = u instanceof Date ? +u : u)) !== u && v === v ? -1
                : v !== v && u === u ? 1
                    : 0;
};
/** Utilities common to vega-interpreter and vega-expression for evaluating expresions */
/**
 * Properties JSON authors may not set. Most are function-valued members of
 * Object.prototype; `__proto__` and `then` are listed explicitly because they
 * are not, but the language still treats them specially.
 */
export const DisallowedObjectProperties = new Set([...Object.getOwnPropertyNames(Object.prototype)
        .filter(name => typeof Object.prototype[name] === 'function'),
    '__proto__',
    'then']);
