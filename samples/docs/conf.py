# Sphinx configuration of the sample book. The equations it shows are written by gradpath (mvn verify in this
# directory) into target/generated-docs/, which the chapters include.
import os

project = "Gradients through skip connections"
author = "The gradpath authors"
copyright = "2026, The gradpath authors"
language = "en"

extensions = ["sphinx.ext.mathjax"]
exclude_patterns = ["_build", "target", "README.md"]
root_doc = "index"

# Number equations per chapter, (2.1), and let :eq: references show that number.
numfig = True
math_numfig = True

# gradpath writes bold vectors as {\bm w}_n, and MathJax knows no \bm: define it as \boldsymbol. MathJax 3 (the
# default, from its CDN) takes mathjax3_config; MathJax 2, such as Debian's libjs-mathjax for reading offline,
# takes mathjax2_config:
#   GRADPATH_MATHJAX='file:///usr/share/javascript/mathjax/MathJax.js?config=TeX-AMS_CHTML' sphinx-build ...
# Sphinx itself never loads MathJax, so the build works offline either way.
BM = [r"\boldsymbol{#1}", 1]
if "MathJax.js" in os.environ.get("GRADPATH_MATHJAX", ""):
    mathjax_path = os.environ["GRADPATH_MATHJAX"]
    mathjax2_config = {"TeX": {"Macros": {"bm": BM}}}
else:
    if os.environ.get("GRADPATH_MATHJAX"):
        mathjax_path = os.environ["GRADPATH_MATHJAX"]
    mathjax3_config = {"tex": {"macros": {"bm": BM}}}

html_theme = "alabaster"
html_static_path = []

# LaTeX has \bm in the bm package. XeLaTeX, so that the Chinese chapter typesets where xeCJK is installed.
latex_engine = "xelatex"
latex_elements = {
    "preamble": r"""
\usepackage{bm}
\IfFileExists{xeCJK.sty}{\usepackage{xeCJK}}{}
""",
}
latex_documents = [
    (root_doc, "skip-connections.tex", project, author, "manual"),
]
