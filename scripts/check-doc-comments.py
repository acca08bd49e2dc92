#!/usr/bin/env python3
"""Every public symbol of the library targets has a doc comment.

Usage: scripts/check-doc-comments.py [--list] [ROOT]

Scans the Swift sources of the public library targets (Sources/, except the `imago` tool) for declarations that are
part of the public API and reports those without a `///` (or `/** */`) comment directly above them (attributes such as
`@available` and `@inlinable` may stand between the comment and the declaration). A declaration is public when it says
`public` or `open`, when it is a requirement of a public protocol, a member of a `public extension` without an access
modifier of its own, or a `case` of a public enum; declarations inside function bodies and inside non-public types are
not API. Exits 1 and lists file:line for each undocumented symbol; prints the count of documented ones otherwise.
It reads the sources only (no build), so `make test` runs it in well under a second.
"""
import os
import re
import sys

# Folders whose public symbols are API. The CLI (an executable) and the C shims are not.
EXCLUDED_DIRS = ("Sources/ImagoCLI",)

DECL_KEYWORDS = {
    "func", "init", "var", "let", "case", "enum", "struct", "class", "protocol", "typealias", "subscript",
    "actor", "associatedtype", "extension", "macro", "operator", "precedencegroup",
}
TYPE_KEYWORDS = {"enum", "struct", "class", "protocol", "actor", "extension"}
MODIFIERS = {
    "public", "open", "private", "fileprivate", "internal", "package", "static", "final", "override",
    "mutating", "nonmutating", "convenience", "required", "lazy", "weak", "unowned", "indirect", "dynamic",
    "optional", "nonisolated", "isolated", "consuming", "borrowing", "prefix", "postfix", "infix", "distributed",
}
ACCESS = {"public", "open", "private", "fileprivate", "internal", "package"}


def strip_code(text):
    """The text with comments and string contents blanked (newlines kept), so braces and keywords can be counted."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            depth, j = 1, i + 2
            while j < n and depth:
                if text.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif text.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == '"' or (c == "#" and re.match(r'#+"', text[i:])):
            hashes = len(re.match(r"#*", text[i:]).group(0))
            start = i
            i += hashes
            multi = text.startswith('"""', i)
            quote = '"""' if multi else '"'
            i += len(quote)
            close = quote + "#" * hashes
            depth = 0  # interpolation parentheses
            while i < n:
                if depth == 0 and text.startswith(close, i):
                    i += len(close)
                    break
                if text[i] == "\\" and hashes == 0:
                    if text.startswith("\\(", i):
                        depth += 1
                        i += 2
                        continue
                    i += 2
                    continue
                if depth and text[i] == "(":
                    depth += 1
                elif depth and text[i] == ")":
                    depth -= 1
                i += 1
            out.append(re.sub(r"[^\n]", " ", text[start:i]))
        else:
            out.append(c)
            i += 1
    return "".join(out)


def declaration(line):
    """(modifiers, keyword) when the stripped code line starts a declaration, else None."""
    words = re.findall(r"[A-Za-z_]+(?:\([a-z]+\))?|\S", line)
    modifiers = []
    for word in words:
        base = word.split("(")[0]
        if base in MODIFIERS:
            modifiers.append(word)
            continue
        if base in DECL_KEYWORDS:
            return modifiers, base
        return None
    return None


def strip_attributes(line):
    """The line without its leading attributes (`@available(...)`, `@inlinable`, `@MainActor`...)."""
    while True:
        m = re.match(r"\s*@[A-Za-z_]+", line)
        if not m:
            return line
        rest = line[m.end():]
        if rest.startswith("("):
            depth, j = 0, 0
            for j, ch in enumerate(rest):
                depth += ch == "("
                depth -= ch == ")"
                if depth == 0:
                    break
            rest = rest[j + 1:]
        line = rest


def is_documented(raw_lines, index):
    """A doc comment stands directly above line `index`, above any attribute lines and `#if` lines."""
    i = index - 1
    while i >= 0:
        text = raw_lines[i].strip()
        if text.startswith("///") or text.endswith("*/") and "/**" in "".join(raw_lines[max(0, i - 200):i + 1]):
            return True
        if text.startswith("@") or text.startswith("#if") or text.startswith("// swiftlint"):
            i -= 1
            continue
        return False
    return False


def scan(path):
    """(documented, [undocumented (line, text)]) for one file."""
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    raw_lines = raw.split("\n")
    code_lines = strip_code(raw).split("\n")
    documented, missing = 0, []
    # Each open brace: (kind, members_public) where kind is "type" (members are declarations) or "body".
    stack = []
    pending = None  # the context the next "{" opens
    for number, code in enumerate(code_lines):
        stripped = strip_attributes(code).strip()
        decl = declaration(stripped) if stripped else None
        in_members = all(kind == "type" for kind, _ in stack)
        if decl and in_members:
            modifiers, keyword = decl
            access = {m for m in modifiers if "(" not in m} & ACCESS
            context = stack[-1][1] if stack else None
            if keyword == "extension":
                pending = ("type", "public-extension" if access & {"public", "open"} else "extension")
            else:
                if context == "private":
                    public = False
                elif access:
                    public = bool(access & {"public", "open"})
                else:
                    public = context in ("public-protocol", "public-extension") or (
                        context == "public-enum" and keyword == "case")
                if public:
                    if is_documented(raw_lines, number):
                        documented += 1
                    else:
                        missing.append((number + 1, raw_lines[number].strip()))
                if keyword in TYPE_KEYWORDS:
                    kinds = {"enum": "public-enum", "protocol": "public-protocol"}
                    pending = ("type", kinds.get(keyword, "public-type") if public else "private")
                else:
                    pending = ("body", None)
        for ch in code:
            if ch == "{":
                stack.append(pending if pending else ("body", None))
                pending = None
            elif ch == "}":
                if stack:
                    stack.pop()
        if pending and pending[0] == "body" and "{" not in code and not code.rstrip().endswith(("(", ",", "->", ":", "=")):
            # A declaration without a body on this line (a stored property, a protocol requirement): the next brace,
            # if any, belongs to something else unless the declaration continues.
            if not re.search(r"[\(\[,:]\s*$", code.rstrip()):
                pending = None
    return documented, missing


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    root = args[0] if args else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    sources = os.path.join(root, "Sources")
    total_documented, all_missing = 0, []
    for folder, _, files in sorted(os.walk(sources)):
        relative = os.path.relpath(folder, root)
        if relative.startswith(EXCLUDED_DIRS):
            continue
        for name in sorted(files):
            if name.endswith(".swift"):
                path = os.path.join(folder, name)
                documented, missing = scan(path)
                total_documented += documented
                all_missing += [(os.path.relpath(path, root), line, text) for line, text in missing]
    if "--list" in sys.argv or all_missing:
        for path, line, text in all_missing:
            print(f"{path}:{line}: undocumented public symbol: {text}")
    if all_missing:
        print(f"check-doc-comments: {len(all_missing)} public symbols without a doc comment "
              f"({total_documented} documented); write a /// comment above each", file=sys.stderr)
        return 1
    print(f"check-doc-comments: all {total_documented} public symbols documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
