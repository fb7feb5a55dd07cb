"""One gradpath JVM per build: ``java -jar gradpath.jar batch``, spoken to in JSON lines.

The JVM is started on the first request and kept until the build ends, so a book with fifty directives pays for
one JVM start, not fifty. A forked reader process (``sphinx-build -j N``) starts its own: a pipe shared by two
processes would interleave their requests.
"""

import json
import os
import shutil
import subprocess
import tempfile
import threading

from sphinx.errors import ExtensionError

JAR_NAME = "gradpath.jar"


class GradpathError(ExtensionError):
    """gradpath cannot run at all (no Java, no jar, the JVM died): one message, no traceback."""

    category = "gradpath error"


def find_java(configured):
    """The java executable: ``gradpath_java`` in conf.py, else $JAVA_HOME/bin/java, else ``java`` on the PATH."""
    if configured:
        found = shutil.which(configured)
        if not found:
            raise GradpathError("gradpath_java = %r in conf.py: no such executable" % configured)
        return found
    home = os.environ.get("JAVA_HOME")
    if home:
        candidate = os.path.join(home, "bin", "java")
        if os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which("java")
    if not found:
        raise GradpathError("gradpath needs Java 17 or newer, and no `java` was found (not on the PATH, no "
                            "JAVA_HOME): install a JDK or JRE, or set gradpath_java in conf.py")
    return found


def find_jar(configured, confdir):
    """The jar: ``gradpath_jar`` in conf.py (relative to conf.py's folder), else $GRADPATH_JAR, else the jar
    shipped inside this package. A configured path that does not exist is an error, never a silent fallback."""
    if configured:
        path = os.path.normpath(os.path.join(confdir, configured))
        if not os.path.isfile(path):
            raise GradpathError("gradpath_jar = %r in conf.py: no such file (%s)" % (configured, path))
        return path
    env = os.environ.get("GRADPATH_JAR")
    if env:
        if not os.path.isfile(env):
            raise GradpathError("GRADPATH_JAR=%s: no such file" % env)
        return os.path.abspath(env)
    shipped = os.path.join(os.path.dirname(os.path.abspath(__file__)), JAR_NAME)
    if os.path.isfile(shipped):
        return shipped
    raise GradpathError("gradpath.jar not found: set gradpath_jar = \"path/to/gradpath.jar\" in conf.py, or the "
                        "environment variable GRADPATH_JAR, or copy the jar into the package before installing it "
                        "(looked in conf.py, GRADPATH_JAR and %s)" % shipped)


class Server:
    """A running ``gradpath batch``: send a request, read its response."""

    def __init__(self, java, jar):
        self.java = java
        self.jar = jar
        self.pid = os.getpid()
        self.requests = 0
        # Standard error goes to a file: a pipe nobody reads could fill and stall the JVM.
        self._stderr = tempfile.TemporaryFile()
        try:
            self._proc = subprocess.Popen([java, "-jar", jar, "batch"], stdin=subprocess.PIPE,
                                          stdout=subprocess.PIPE, stderr=self._stderr)
        except OSError as e:
            raise GradpathError("cannot start %s -jar %s batch: %s" % (java, jar, e)) from None
        self._lock = threading.Lock()

    def request(self, payload):
        line = json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"
        with self._lock:
            try:
                self._proc.stdin.write(line.encode("utf-8"))
                self._proc.stdin.flush()
                answer = self._proc.stdout.readline()
            except (BrokenPipeError, OSError):
                answer = b""
            self.requests += 1
        if not answer:
            raise GradpathError(self._died())
        try:
            return json.loads(answer.decode("utf-8"))
        except ValueError:
            raise GradpathError("%s -jar %s batch answered something that is not JSON: %r"
                                % (self.java, self.jar, answer[:200])) from None

    def _died(self):
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
        self._stderr.seek(0)
        err = self._stderr.read().decode("utf-8", "replace").strip()
        msg = "%s -jar %s batch stopped (exit %s)" % (self.java, self.jar, self._proc.returncode)
        if "Unmatched argument" in err or "Unknown" in err and "batch" in err:
            msg += ": this gradpath.jar has no batch mode; use a newer one"
        return msg + (":\n" + err if err else "")

    def close(self):
        if self._proc.poll() is None:
            try:
                self._proc.stdin.close()
                self._proc.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self._proc.kill()
                self._proc.wait()
        self._stderr.close()
