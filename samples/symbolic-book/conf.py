# Sphinx configuration for documents gradpath writes. The only requirement gradpath adds is the \bm macro
# (bold vectors, as in the chapter), defined for MathJax (HTML) and for LaTeX (PDF).
project = "gradpath: symbolic depth"
extensions = ["sphinx.ext.mathjax"]
exclude_patterns = ["_build"]
math_number_all = False

# MathJax 3: \bm{h} -> \boldsymbol{h}
mathjax3_config = {"tex": {"macros": {"bm": [r"\boldsymbol{#1}", 1]}}}

# LaTeX builder: the bm package provides \bm.
latex_elements = {"preamble": r"\usepackage{bm}"}
