# Sourced by the bench scripts that time bin/gradpath. A class-data archive that does not match its jar (the jar
# copied elsewhere, touched, or rebuilt without the archive) is ignored by the JVM without a word, and bin/gradpath
# then starts some 0.1 s slower: a comparison of two jars, or a start-up figure, would be wrong without showing it.
# So the archive is checked once with -Xshare:on (which refuses a mismatch) before anything is timed.
cds_guard() { # cds_guard [JAR]: exit 2 unless bin/gradpath can use JAR's archive
  local jar=${1:-${GRADPATH_JAR:-target/gradpath.jar}}
  jar="$(cd "$(dirname "$jar")" && pwd)/$(basename "$jar")"
  [ -f "${jar%.jar}.jsa" ] || { echo "no class-data archive beside $jar: build with mvn -q package -DskipTests" >&2; exit 2; }
  GRADPATH_JAR="$jar" GRADPATH_JAVA_OPTS=-Xshare:on bin/gradpath --version > /dev/null 2>&1 || {
    echo "the class-data archive ${jar%.jar}.jsa does not match $jar (copied, touched or rebuilt?); bin/gradpath" \
      "would run without it. Rebuild in place: mvn -q package -DskipTests" >&2
    exit 2
  }
}
