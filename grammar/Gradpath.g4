/*
 * gradpath network language.
 *
 * A network file describes a forward pass the way a textbook writes it:
 *
 *   network ResBlock {
 *     input x;
 *     h_1 = a_0(w_0 x);
 *     s_3 = h_1 + h_3;
 *     loss L(y);
 *   }
 *
 * Names are a base identifier plus an optional subscript: h_1, h_{n+1}, w_{N-1}.
 * Underscore is not part of ID, so the subscript is parsed as structure, which is what
 * lets indexed rules (for n in 1..N-1) and symbolic depths share one grammar.
 * Statements are open-ended alternatives so later constructs slot in as new rules.
 */
grammar Gradpath;

file        : network EOF ;

// A lone name, for command-line options such as --wrt h_{q+1}.
nameOnly    : name EOF ;

network     : NETWORK ID '{' statement* '}' ;

statement   : indexDecl
            | inputDecl
            | paramDecl
            | lossDecl
            | showDecl
            | scalarDecl
            | definition
            ;

indexDecl   : INDEX ID (',' ID)* (':' constraint (',' constraint)*)? ';' ;
constraint  : index (relOp index)+ ;
relOp       : '<' | '<=' | '>' | '>=' | '==' | '!=' ;

inputDecl   : INPUT name (',' name)* forClause* ';' ;
paramDecl   : PARAM name (',' name)* forClause* ';' ;
// `loss L(y);` applies the loss to y; `loss J = l(o) + r_1(W_1);` writes it as a sum of terms.
lossDecl    : LOSS name '(' expr ')' ';'
            | LOSS name '=' expr ';'
            ;
showDecl    : SHOW name (',' name)* (',' ELLIPSIS)? ';' ;
// Scalar coefficients (`s_q = lambda h_p + h_q`): not nodes, never differentiated.
scalarDecl  : SCALAR ID (',' ID)* ';' ;

definition  : name '=' expr forClause* ';' ;
forClause   : FOR ID IN index '..' index (',' ID '!=' index)* ;

// Additive expression of elementwise products of juxtapositions: `w_0 x + b_0`, `x_l + F_l(W_l x_l)`,
// `h * t + x * (1 - t)`, `0.5 h_p + h_q`. Juxtaposition binds tightest, then `*` (elementwise), then + and -.
expr        : lead=('+' | '-')? hadamard (addOp+=('+' | '-') hadamard)* ;
hadamard    : product ('*' product)* ;
product     : factor+ ;
factor      : name '(' expr forClause? ')'   # application
            | name                   # reference
            | '(' INT ('/' index)? ')'   # coefficient
            | '(' expr ')'           # group
            | number                 # numeral
            | '[' part (';' part)* ']'   # concatenation
            ;
// A part of a concatenation; `...` between two parts stands for the ones in between: `[x_0; ...; x_{l-1}]`.
part        : expr | ELLIPSIS ;
number      : INT | DECIMAL ;

// NAME is the usual `h_5`, `w_y`, `W_in` as one token (a 100,000-layer file writes 430,000 names: three tokens
// each, and a subscript rule, were most of what the lexer and parser did); braced subscripts and a space after
// `_` go the long way.
name        : ID ('_' subscript)?
            | NAME
            ;
subscript   : INT                          # intSubscript
            | ID                           # idSubscript
            | keyword                      # idSubscript
            | '{' keyword '}'              # idSubscript
            | '{' index (',' index)* '}'   # bracedSubscript
            ;
// A keyword after '_' can only be a label: W_in, W_for.
keyword     : NETWORK | INDEX | INPUT | PARAM | LOSS | SHOW | FOR | IN ;

// Integer-linear index arithmetic: n+1, N-1, 2*k, q-p.
index       : indexTerm (sign+=('+' | '-') indexTerm)* ;
indexTerm   : INT ('*' ID)?
            | ID
            | '(' index ')'
            ;

NETWORK  : 'network' ;
INDEX    : 'index' ;
INPUT    : 'input' ;
PARAM    : 'param' ;
LOSS     : 'loss' ;
SHOW     : 'show' ;
SCALAR   : 'scalar' ;
FOR      : 'for' ;
IN       : 'in' ;
ELLIPSIS : '...' ;

NAME     : [a-zA-Z] [a-zA-Z0-9]* '_' ([0-9]+ | [a-zA-Z] [a-zA-Z0-9]*) ;
ID       : [a-zA-Z] [a-zA-Z0-9]* ;
INT      : [0-9]+ ;
DECIMAL  : [0-9]+ '.' [0-9]+ ;

LINE_COMMENT : ('#' | '//') ~[\r\n]* -> skip ;
BLOCK_COMMENT : '/*' .*? '*/' -> skip ;
WS       : [ \t\r\n\u000C]+ -> skip ;
UNKNOWN  : . ;
