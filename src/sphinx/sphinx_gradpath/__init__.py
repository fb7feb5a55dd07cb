"""gradpath for Sphinx.

``.. gradpath:: nets/skip.nn`` (MyST: a ```` ```{gradpath} ```` fence) writes the network's chain-rule derivation
in place, as ``gradpath derive`` would, with the options ``derive`` takes. With ``gradpath_check = True`` in
conf.py, every hand-written block a ``gradpath: check NET`` comment marks is checked while Sphinx reads the
document, and every finding is a Sphinx warning at the document's file and line. Both go to one
``java -jar gradpath.jar batch`` per build (see ``_server``).
"""

import re

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ._server import GradpathError, Server, find_jar, find_java

__version__ = "0.1.0"

logger = logging.getLogger(__name__)


def _server(app):
    """The build's JVM, started on first use (per process: ``-j N`` forks readers)."""
    server = getattr(app, "_gradpath_server", None)
    if server is not None and server.pid == _pid():
        return server
    java = find_java(app.config.gradpath_java)
    jar = find_jar(app.config.gradpath_jar, app.confdir)
    server = Server(java, jar)
    app._gradpath_server = server
    app._gradpath_jvms = getattr(app, "_gradpath_jvms", 0) + 1
    return server


def _pid():
    import os
    return os.getpid()


def request(app, payload):
    """One request. ``gradpath_batch = False`` starts a JVM for it alone (only to measure what batch saves)."""
    if app.config.gradpath_batch:
        return _server(app).request(payload)
    server = Server(find_java(app.config.gradpath_java), find_jar(app.config.gradpath_jar, app.confdir))
    app._gradpath_jvms = getattr(app, "_gradpath_jvms", 0) + 1
    app._gradpath_requests = getattr(app, "_gradpath_requests", 0) + 1
    try:
        return server.request(payload)
    finally:
        server.close()


def _mark_failing(env, docname):
    """A document with a finding is read again next build, so its warnings are never lost (--keep-going)."""
    if not hasattr(env, "gradpath_failing"):
        env.gradpath_failing = set()
    env.gradpath_failing.add(docname)


def _diagnostic_text(d, here=None):
    """A diagnostic for a Sphinx warning: the message alone when it is about ``here`` (the warning's location
    says where) or about no file; else its ``file:line:col`` text with the source line and caret."""
    if d.get("line") is None or d.get("file") == here:
        return d.get("message") or ""
    return (d.get("text") or d.get("message") or "").rstrip("\n")


class GradpathDirective(SphinxDirective):
    """``.. gradpath:: FILE`` with ``derive``'s options; FILE is relative to the document (``/`` = source dir)."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = False
    option_spec = {
        "form": directives.unchanged_required,
        "wrt": directives.unchanged_required,
        "label": directives.unchanged_required,
        "forward": directives.flag,
        "lang": directives.unchanged_required,
        "templates": directives.unchanged_required,
        "max-terms": directives.positive_int,
        # Passed through as is: the CLI decides, so an option it gains works here unchanged.
        "expand": directives.unchanged,
    }

    def run(self):
        _, path = self.env.relfn2path(self.arguments[0])
        # Editing the network re-reads exactly the documents whose directives use it.
        self.env.note_dependency(path)
        options = dict(self.config.gradpath_options or {})
        for name, value in self.options.items():
            if name == "forward":
                options[name] = True
            elif name == "wrt":
                options[name] = [w.strip() for w in value.split(",") if w.strip()]
            elif name == "templates":
                options[name] = self.env.relfn2path(value)[1]
            elif name == "expand":
                options[name] = value if value else True
            else:
                options[name] = value
        myst = type(self.state).__module__.startswith("myst_parser")
        options["format"] = "myst" if myst else "rst"
        response = request(self.env.app, {"op": "derive", "file": path, "options": options})
        for d in response.get("diagnostics", []):
            if d.get("severity") == "warning":
                logger.warning("gradpath: %s", _diagnostic_text(d), location=self.get_location(),
                               type="gradpath", subtype="derive")
        if not response.get("ok"):
            for d in response.get("diagnostics", []):
                if d.get("severity") != "warning":
                    logger.warning("gradpath: %s", _diagnostic_text(d), location=self.get_location(),
                                   type="gradpath", subtype="derive")
            _mark_failing(self.env, self.env.docname)
            # Nothing is written where the derivation would be: an unreadable network never yields an equation.
            return []
        text = response["text"]
        holder = nodes.Element()
        self.state.nested_parse(StringList(text.splitlines(), source=path), self.content_offset, holder)
        return holder.children


# A `gradpath: check NET` comment in any format (RST `..`, MyST `<!--` or `%`, LaTeX `%`); the checker decides.
_MARKED = re.compile(r"gradpath:\s*check\s")


def check_source(app, docname, source):
    """``source-read``: check the document's marked blocks, as Sphinx read them."""
    if not app.config.gradpath_check:
        return
    text = source[0]
    if not _MARKED.search(text):
        return  # no block is marked: nothing to check, no JVM to start
    env = app.env
    path = env.doc2path(docname)
    response = request(app, {"op": "check", "doc": path, "text": text})
    for network in response.get("networks", []):
        env.note_dependency(network)
    failing = False
    for f in response.get("findings", []):
        error = f.get("severity") == "error"
        failing = failing or error
        logger.warning("gradpath check: %s", f.get("message"), location=(docname, f.get("line")),
                       type="gradpath", subtype="check" if error else "lint")
    for d in response.get("diagnostics", []):
        failing = True
        line = d.get("line") if d.get("file") == path else None
        logger.warning("gradpath check: %s", _diagnostic_text(d, path),
                       location=(docname, line) if line else docname, type="gradpath", subtype="check")
    if failing or not response.get("ok", False):
        _mark_failing(env, docname)
    logger.verbose("gradpath: %s: %s checked, %s wrong", docname, response.get("checked"), response.get("wrong"))


def _outdated(app, env, added, changed, removed):
    return sorted(d for d in getattr(env, "gradpath_failing", set()) if d in env.found_docs and d not in removed)


def _purge(app, env, docname):
    getattr(env, "gradpath_failing", set()).discard(docname)


def _merge(app, env, docnames, other):
    theirs = getattr(other, "gradpath_failing", set())
    if theirs:
        if not hasattr(env, "gradpath_failing"):
            env.gradpath_failing = set()
        env.gradpath_failing |= theirs & set(docnames)


def _finished(app, exception):
    server = getattr(app, "_gradpath_server", None)
    jvms = getattr(app, "_gradpath_jvms", 0)
    if server is not None and server.pid == _pid():
        requests = server.requests
        server.close()
        app._gradpath_server = None
    else:
        requests = getattr(app, "_gradpath_requests", 0)
    if jvms:
        logger.info("gradpath: %d request(s) to %d JVM(s)", requests, jvms)


def setup(app):
    app.add_config_value("gradpath_jar", None, "env")
    app.add_config_value("gradpath_java", None, "env")
    app.add_config_value("gradpath_check", False, "env")
    app.add_config_value("gradpath_options", {}, "env")
    app.add_config_value("gradpath_batch", True, "")
    app.add_directive("gradpath", GradpathDirective)
    app.connect("source-read", check_source)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("build-finished", _finished)
    return {"version": __version__, "env_version": 1, "parallel_read_safe": True, "parallel_write_safe": True}


__all__ = ["GradpathDirective", "GradpathError", "setup"]
