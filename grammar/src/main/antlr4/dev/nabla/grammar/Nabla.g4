// The Nabla model language. No actions here: the compiler walks the parse tree
// (dev.nabla.compiler.parse.AstBuilder) and builds an immutable AST with source spans.
grammar Nabla;

file
    : (modelDecl | trainDecl)* EOF
    ;

// ---------------------------------------------------------------- model block
modelDecl
    : MODEL name=ident LBRACE modelStmt* RBRACE
    ;

modelStmt
    : INPUT name=ident shape                                   # inputStmt
    | TARGET name=ident (shape | COLON kind=ident LPAREN count=NUMBER RPAREN)  # targetStmt
    | PARAM name=ident shape (INIT init=initSpec)?              # paramStmt
    | OUTPUT name=ident (ASSIGN expr)?                          # outputStmt
    | LOSS expr                                                 # lossStmt
    | name=ident ASSIGN expr                                    # letStmt
    ;

shape
    : LBRACK (NUMBER (COMMA NUMBER)*)? RBRACK
    ;

initSpec
    : name=ident (LPAREN (arg (COMMA arg)*)? RPAREN)?
    ;

// Python's precedence: postfix .T, then **, then unary minus, then * / @, then + -.
expr
    : expr DOT T_ATTR                                           # transposeExpr
    | <assoc=right> expr POW expr                               # powExpr
    | MINUS expr                                                # negExpr
    | expr op=(STAR | SLASH | AT) expr                          # mulExpr
    | expr op=(PLUS | MINUS) expr                               # addExpr
    | NUMBER                                                    # numberExpr
    | ident LPAREN (arg (COMMA arg)*)? RPAREN                   # callExpr
    | ident                                                     # nameExpr
    | LPAREN expr RPAREN                                        # parenExpr
    ;

arg
    : (key=ident COLON)? expr
    ;

// ---------------------------------------------------------------- train block
trainDecl
    : TRAIN name=ident LBRACE setting* RBRACE
    ;

setting
    : key=ident value
    ;

value
    : NUMBER                                                    # numberValue
    | MINUS NUMBER                                              # negNumberValue
    | STRING                                                    # stringValue
    | ident LPAREN (namedValue (COMMA namedValue)*)? RPAREN     # callValue
    | ident                                                     # identValue
    ;

namedValue
    : (key=ident COLON)? value
    ;

// Names. `T` is only special after a dot, so it stays usable as a name.
ident
    : ID | T_ATTR
    ;

// ---------------------------------------------------------------- tokens
MODEL  : 'model';
TRAIN  : 'train';
INPUT  : 'input';
TARGET : 'target';
PARAM  : 'param';
OUTPUT : 'output';
LOSS   : 'loss';
INIT   : 'init';
T_ATTR : 'T';

LBRACE : '{';
RBRACE : '}';
LPAREN : '(';
RPAREN : ')';
LBRACK : '[';
RBRACK : ']';
COMMA  : ',';
COLON  : ':';
ASSIGN : '=';
DOT    : '.';
POW    : '**';
STAR   : '*';
SLASH  : '/';
AT     : '@';
PLUS   : '+';
MINUS  : '-';

NUMBER
    : DIGITS ('.' DIGITS?)? EXPONENT?
    | '.' DIGITS EXPONENT?
    ;
fragment DIGITS   : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;

STRING : '"' (~["\\\r\n] | '\\' ["\\nt])* '"';

// Strings the parser never accepts, one token each so that the error names the mistake: a closed
// string with an escape other than the four above (for example a Windows path), and a string whose
// closing quote is missing on its line. STRING wins over BAD_ESCAPE_STRING on a tie (defined first),
// and is always longer than UNTERMINATED_STRING when the string is closed.
BAD_ESCAPE_STRING    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"';
UNTERMINATED_STRING  : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'?;

ID : [A-Za-z_] [A-Za-z0-9_]* ;

COMMENT    : '#' ~[\r\n]* -> skip;
WHITESPACE : [ \t\r\n]+ -> skip;

// Anything else becomes one token so that the parser reports it with its position.
UNKNOWN_CHAR : . ;
