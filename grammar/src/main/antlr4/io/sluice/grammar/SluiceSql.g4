// The Sluice SQL dialect: Flink SQL conventions, Calcite semantics. One statement per parse;
// scripts are cut into statements by StatementSplitter first.
grammar SluiceSql;

options { caseInsensitive = true; }

singleStatement
    : statement ';'? EOF
    ;

statement
    : query                                                                     #queryStatement
    | EXPLAIN (PLAN FOR)? (query | insert)                                      #explainStatement
    | insert                                                                    #insertStatement
    | CREATE TEMPORARY? TABLE (IF NOT EXISTS)? qualifiedName
        '(' tableElement (',' tableElement)* ')'
        (COMMENT comment=string)? (WITH properties)?                            #createTable
    | CREATE (OR REPLACE)? TEMPORARY? VIEW (IF NOT EXISTS)? qualifiedName
        columnAliases? AS query                                                 #createView
    | CREATE TEMPORARY? SYSTEM? FUNCTION (IF NOT EXISTS)? qualifiedName
        AS className=string (LANGUAGE identifier)? (USING JAR jar=string)?      #createFunction
    | CREATE MODEL (IF NOT EXISTS)? qualifiedName WITH properties               #createModel
    | CREATE MODEL (IF NOT EXISTS)? qualifiedName (WITH properties)? AS query   #createModelAs
    | DROP TEMPORARY? objectKind (IF EXISTS)? qualifiedName                     #drop
    | SHOW kind=(TABLES | VIEWS | FUNCTIONS | MODELS | JOBS)                    #show
    | (DESCRIBE | DESC) objectKind? qualifiedName                               #describe
    | SET (key=string '=' value=string)?                                        #set
    | RESET key=string?                                                         #reset
    ;

insert
    : INSERT INTO qualifiedName columnAliases? query
    ;

objectKind
    : TABLE | VIEW | FUNCTION | MODEL
    ;

tableElement
    : identifier
        ( type (METADATA (FROM metadataKey=string)? VIRTUAL?)?
        | AS function=identifier '(' ')'
        )
        (COMMENT comment=string)?                                               #columnDefinition
    | WATERMARK FOR identifier AS expression                                    #watermarkDefinition
    | PRIMARY KEY columnAliases NOT ENFORCED                                    #primaryKeyDefinition
    ;

properties
    : '(' property (',' property)* ')'
    ;

property
    : key=string '=' value=string
    ;

// Queries ------------------------------------------------------------------------------------

// ORDER BY and the row limits apply to the whole query, WITH included, as in Calcite.
query
    : with? queryTerm
      (ORDER BY sortItem (',' sortItem)*)?
      (LIMIT limit=valueExpression)?
      (OFFSET offset=valueExpression (ROW | ROWS)?)?
      (FETCH (FIRST | NEXT) fetch=valueExpression (ROW | ROWS) ONLY)?
    ;

with
    : WITH namedQuery (',' namedQuery)*
    ;

namedQuery
    : identifier columnAliases? AS '(' query ')'
    ;

// INTERSECT binds tighter than UNION and EXCEPT; the first alternative has the highest precedence.
queryTerm
    : queryPrimary                                                              #queryTermDefault
    | left=queryTerm operator=INTERSECT setQuantifier? right=queryTerm          #setOperation
    | left=queryTerm operator=(UNION | EXCEPT | MINUS) setQuantifier? right=queryTerm #setOperation
    ;

queryPrimary
    : querySpecification                                                        #queryPrimaryDefault
    | VALUES expression (',' expression)*                                       #inlineTable
    | '(' query ')'                                                             #subquery
    ;

querySpecification
    : SELECT setQuantifier? selectItem (',' selectItem)*
      (FROM relation)?
      (WHERE where=booleanExpression)?
      (GROUP BY expression (',' expression)*)?
      (HAVING having=booleanExpression)?
      (WINDOW windowDefinition (',' windowDefinition)*)?
    ;

setQuantifier
    : DISTINCT
    | ALL
    ;

selectItem
    : qualifiedName '.' '*'                                                     #selectAllFrom
    | '*'                                                                       #selectAll
    | expression (AS? identifier)?                                              #selectSingle
    ;

// Joins nest to the left, comma joins included, as in Calcite.
relation
    : left=relation CROSS JOIN right=aliasedRelation                            #crossJoin
    | left=relation joinType JOIN right=aliasedRelation joinCriteria            #join
    | left=relation ',' right=aliasedRelation                                   #commaJoin
    | aliasedRelation                                                           #relationDefault
    ;

joinType
    : INNER?
    | LEFT OUTER?
    | RIGHT OUTER?
    | FULL OUTER?
    ;

joinCriteria
    : ON booleanExpression
    | USING '(' identifier (',' identifier)* ')'
    ;

aliasedRelation
    : relationPrimary (FOR SYSTEM_TIME AS OF period=valueExpression)? (AS? identifier columnAliases?)?
    ;

columnAliases
    : '(' identifier (',' identifier)* ')'
    ;

relationPrimary
    : qualifiedName                                                             #tableName
    | LATERAL? '(' query ')'                                                    #subqueryRelation
    | LATERAL? TABLE '(' functionCall ')'                                       #tableFunction
    | UNNEST '(' expression (',' expression)* ')' (WITH ORDINALITY)?            #unnest
    | '(' relation ')'                                                          #parenthesizedRelation
    ;

sortItem
    : expression ordering=(ASC | DESC)? (NULLS nullOrdering=(FIRST | LAST))?
    ;

windowDefinition
    : identifier AS windowSpecification
    ;

windowSpecification
    : '(' existing=identifier?
      (PARTITION BY partition+=expression (',' partition+=expression)*)?
      (ORDER BY sortItem (',' sortItem)*)?
      windowFrame?
      ')'
    ;

windowFrame
    : frameType=(ROWS | RANGE) BETWEEN lower=frameBound AND upper=frameBound
    | frameType=(ROWS | RANGE) lower=frameBound
    ;

frameBound
    : UNBOUNDED boundType=(PRECEDING | FOLLOWING)                               #unboundedFrame
    | CURRENT ROW                                                               #currentRowBound
    | valueExpression boundType=(PRECEDING | FOLLOWING)                         #boundedFrame
    ;

// Expressions, lowest precedence first --------------------------------------------------------

expression
    : booleanExpression
    ;

booleanExpression
    : valueExpression predicate?                                                #predicated
    | NOT booleanExpression                                                     #logicalNot
    | left=booleanExpression AND right=booleanExpression                        #and
    | left=booleanExpression OR right=booleanExpression                         #or
    ;

predicate
    : comparisonOperator right=valueExpression                                  #comparison
    | NOT? BETWEEN (SYMMETRIC | ASYMMETRIC)? lower=valueExpression AND upper=valueExpression #between
    | NOT? IN '(' query ')'                                                     #inSubquery
    | NOT? IN '(' expression (',' expression)* ')'                              #inList
    | NOT? LIKE pattern=valueExpression (ESCAPE escape=valueExpression)?        #like
    | NOT? SIMILAR TO pattern=valueExpression (ESCAPE escape=valueExpression)?  #similarTo
    | IS NOT? NULL                                                              #nullPredicate
    | IS NOT? truth=(TRUE | FALSE | UNKNOWN)                                    #truthPredicate
    | IS NOT? DISTINCT FROM right=valueExpression                               #distinctFrom
    ;

comparisonOperator
    : EQ | NEQ | BANG_NEQ | LT | LTE | GT | GTE
    ;

valueExpression
    : primaryExpression                                                         #valueExpressionDefault
    | operator=(MINUS_SIGN | PLUS) valueExpression                              #arithmeticUnary
    | left=valueExpression operator=(ASTERISK | SLASH | PERCENT) right=valueExpression #arithmeticBinary
    | left=valueExpression operator=(PLUS | MINUS_SIGN) right=valueExpression   #arithmeticBinary
    | left=valueExpression CONCAT right=valueExpression                         #concatenation
    ;

primaryExpression
    : NULL                                                                      #nullLiteral
    | (TRUE | FALSE)                                                            #booleanLiteral
    | number                                                                    #numericLiteral
    | string                                                                    #stringLiteral
    | kind=(DATE | TIME | TIMESTAMP) string                                     #datetimeLiteral
    | interval                                                                  #intervalLiteral
    | CASE operand=expression whenClause+ (ELSE elseExpression=expression)? END #simpleCase
    | CASE whenClause+ (ELSE elseExpression=expression)? END                    #searchedCase
    | kind=(CAST | TRY_CAST) '(' expression AS type ')'                         #cast
    | EXTRACT '(' timeUnit FROM valueExpression ')'                             #extract
    | POSITION '(' needle=valueExpression IN haystack=valueExpression
        (FROM start=valueExpression)? ')'                                       #position
    | SUBSTRING '(' value=valueExpression (FROM | ',') from=valueExpression
        ((FOR | ',') length=valueExpression)? ')'                               #substring
    | TRIM '(' (side=(BOTH | LEADING | TRAILING)? characters=valueExpression? FROM)?
        trimSource=valueExpression ')'                                          #trim
    | kind=(FLOOR | CEIL | CEILING) '(' valueExpression TO timeUnit ')'         #floorCeilTo
    | kind=(TIMESTAMPADD | TIMESTAMPDIFF) '(' timeUnit ',' first=expression
        ',' second=expression ')'                                               #timestampArithmetic
    | kind=(CURRENT_TIMESTAMP | CURRENT_DATE | CURRENT_TIME | LOCALTIMESTAMP
        | LOCALTIME)                                                            #specialDateTimeFunction
    | EXISTS '(' query ')'                                                      #exists
    | '(' query ')'                                                             #subqueryExpression
    | ROW '(' expression (',' expression)* ')'                                  #rowConstructor
    | '(' expression (',' expression)+ ')'                                      #rowConstructor
    | ARRAY '[' (expression (',' expression)*)? ']'                             #arrayConstructor
    | MAP '[' (expression (',' expression)*)? ']'                               #mapConstructor
    | DESCRIPTOR '(' identifier (',' identifier)* ')'                           #descriptor
    | functionCall filter? over?                                                #functionCallExpression
    | qualifiedName                                                             #columnReference
    | '(' expression ')'                                                        #parenthesizedExpression
    | value=primaryExpression '[' index=valueExpression ']'                     #subscript
    ;

functionCall
    : functionName '(' ASTERISK ')'                                             #starFunctionCall
    | functionName '(' (setQuantifier? functionArgument (',' functionArgument)*)? ')' #regularFunctionCall
    ;

functionName
    : qualifiedName
    | LEFT | RIGHT | IF | FLOOR | CEIL | CEILING | INSERT
    ;

functionArgument
    : identifier ARROW functionArgumentValue                                    #namedArgument
    | functionArgumentValue                                                     #positionalArgument
    ;

// PARTITION BY and ORDER BY take a parenthesised list or one item, so a following argument is not swallowed;
// the list comes first so that (a, b) is two keys rather than one ROW.
functionArgumentValue
    : TABLE qualifiedName
        (PARTITION BY ('(' partition+=expression (',' partition+=expression)* ')' | partition+=expression))?
        (ORDER BY ('(' sortItem (',' sortItem)* ')' | sortItem))?                #tableArgument
    | expression                                                                #expressionArgument
    ;

filter
    : FILTER '(' WHERE booleanExpression ')'
    ;

over
    : OVER (identifier | windowSpecification)
    ;

whenClause
    : WHEN condition=expression THEN result=expression
    ;

interval
    : INTERVAL sign=(PLUS | MINUS_SIGN)? string intervalQualifier
    ;

intervalQualifier
    : from=timeUnit ('(' precision=INTEGER_VALUE (',' fraction=INTEGER_VALUE)? ')')?
      (TO to=timeUnit ('(' toFraction=INTEGER_VALUE ')')?)?
    ;

timeUnit
    : MILLENNIUM | CENTURY | DECADE | YEAR | QUARTER | MONTH | WEEK | DAY | DOW | DOY
    | HOUR | MINUTE | SECOND | MILLISECOND | MICROSECOND | NANOSECOND | EPOCH
    ;

// Data types ----------------------------------------------------------------------------------

type
    : ARRAY LT type GT nullability?                                             #arrayType
    | type ARRAY nullability?                                                   #arraySuffixType
    | MAP LT key=type ',' value=type GT nullability?                            #mapType
    | ROW LT rowField (',' rowField)* GT nullability?                           #rowType
    | ROW '(' rowField (',' rowField)* ')' nullability?                         #rowType
    | baseType ('(' precision=INTEGER_VALUE (',' scale=INTEGER_VALUE)? ')')?
        timeZone? nullability?                                                  #primitiveType
    ;

rowField
    : identifier type
    ;

baseType
    : BOOLEAN | TINYINT | SMALLINT | INT | INTEGER | BIGINT | FLOAT | REAL | DOUBLE PRECISION?
    | DECIMAL | DEC | NUMERIC | CHAR | CHARACTER | VARCHAR | CHARACTER VARYING | STRING | BYTES | BINARY
    | VARBINARY | DATE | TIME | TIMESTAMP | TIMESTAMP_LTZ
    ;

timeZone
    : WITH LOCAL TIME ZONE
    | WITHOUT TIME ZONE
    ;

nullability
    : NOT NULL
    | NULL
    ;

// Names and literals --------------------------------------------------------------------------

qualifiedName
    : identifier ('.' identifier)*
    ;

identifier
    : IDENTIFIER                                                                #unquotedIdentifier
    | BACKQUOTED_IDENTIFIER                                                     #backQuotedIdentifier
    | QUOTED_IDENTIFIER                                                         #quotedIdentifier
    | nonReserved                                                               #unquotedIdentifier
    ;

string
    : STRING_LITERAL
    ;

number
    : INTEGER_VALUE                                                             #integerLiteral
    | DECIMAL_VALUE                                                             #decimalLiteral
    | DOUBLE_VALUE                                                              #doubleLiteral
    ;

// Keywords that may also name tables, columns and functions, as in Flink.
nonReserved
    : ASC | ASYMMETRIC | BINARY | BOOLEAN | BOTH | BYTES | CENTURY | CHAR | CHARACTER | COMMENT | DAY | DEC
    | DECADE | DECIMAL | DESC | DESCRIBE | DESCRIPTOR | DOUBLE | DOW | DOY | ENFORCED | EPOCH | EXPLAIN | EXTRACT
    | FILTER | FIRST | FLOAT | FOLLOWING | FUNCTIONS | HOUR | INT | INTEGER | JAR | JAVA | JOBS | KEY | LANGUAGE
    | LAST | LEADING | LOCAL | MAP | MICROSECOND | MILLENNIUM | MILLISECOND | MINUTE | MODEL | MODELS | MONTH
    | NANOSECOND | NEXT | NULLS | NUMERIC | ONLY | ORDINALITY | PLAN | POSITION | PRECEDING | PRECISION | PRIMARY
    | QUARTER | RANGE | REAL | REPLACE | RESET | ROWS | SECOND | SET | SHOW | SMALLINT | STRING | SYSTEM
    | SYSTEM_TIME | TABLES | TEMPORARY | TIME | TIMESTAMP | TIMESTAMP_LTZ | TIMESTAMPADD | TIMESTAMPDIFF | TINYINT
    | TRAILING | UNKNOWN | VARBINARY | VARCHAR | VARYING | VIEW | VIEWS | WATERMARK | WEEK | WITHOUT | YEAR
    | ZONE | BIGINT | DATE | FUNCTION | OF | METADATA | VIRTUAL
    ;

// Lexer ---------------------------------------------------------------------------------------

ALL: 'ALL';
AND: 'AND';
ARRAY: 'ARRAY';
AS: 'AS';
ASC: 'ASC';
ASYMMETRIC: 'ASYMMETRIC';
BETWEEN: 'BETWEEN';
BIGINT: 'BIGINT';
BINARY: 'BINARY';
BOOLEAN: 'BOOLEAN';
BOTH: 'BOTH';
BY: 'BY';
BYTES: 'BYTES';
CASE: 'CASE';
CAST: 'CAST';
CEIL: 'CEIL';
CEILING: 'CEILING';
CENTURY: 'CENTURY';
CHAR: 'CHAR';
CHARACTER: 'CHARACTER';
COMMENT: 'COMMENT';
CREATE: 'CREATE';
CROSS: 'CROSS';
CURRENT: 'CURRENT';
CURRENT_DATE: 'CURRENT_DATE';
CURRENT_TIME: 'CURRENT_TIME';
CURRENT_TIMESTAMP: 'CURRENT_TIMESTAMP';
DATE: 'DATE';
DAY: 'DAY';
DEC: 'DEC';
DECADE: 'DECADE';
DECIMAL: 'DECIMAL';
DESC: 'DESC';
DESCRIBE: 'DESCRIBE';
DESCRIPTOR: 'DESCRIPTOR';
DISTINCT: 'DISTINCT';
DOUBLE: 'DOUBLE';
DOW: 'DOW';
DOY: 'DOY';
DROP: 'DROP';
ELSE: 'ELSE';
END: 'END';
ENFORCED: 'ENFORCED';
EPOCH: 'EPOCH';
ESCAPE: 'ESCAPE';
EXCEPT: 'EXCEPT';
EXISTS: 'EXISTS';
EXPLAIN: 'EXPLAIN';
EXTRACT: 'EXTRACT';
FALSE: 'FALSE';
FETCH: 'FETCH';
FILTER: 'FILTER';
FIRST: 'FIRST';
FLOAT: 'FLOAT';
FLOOR: 'FLOOR';
FOLLOWING: 'FOLLOWING';
FOR: 'FOR';
FROM: 'FROM';
FULL: 'FULL';
FUNCTION: 'FUNCTION';
FUNCTIONS: 'FUNCTIONS';
GROUP: 'GROUP';
HAVING: 'HAVING';
HOUR: 'HOUR';
IF: 'IF';
IN: 'IN';
INNER: 'INNER';
INSERT: 'INSERT';
INT: 'INT';
INTEGER: 'INTEGER';
INTERSECT: 'INTERSECT';
INTERVAL: 'INTERVAL';
INTO: 'INTO';
IS: 'IS';
JAR: 'JAR';
JAVA: 'JAVA';
JOBS: 'JOBS';
JOIN: 'JOIN';
KEY: 'KEY';
LANGUAGE: 'LANGUAGE';
LAST: 'LAST';
LATERAL: 'LATERAL';
LEADING: 'LEADING';
LEFT: 'LEFT';
LIKE: 'LIKE';
LIMIT: 'LIMIT';
LOCAL: 'LOCAL';
LOCALTIME: 'LOCALTIME';
LOCALTIMESTAMP: 'LOCALTIMESTAMP';
MAP: 'MAP';
METADATA: 'METADATA';
MICROSECOND: 'MICROSECOND';
MILLENNIUM: 'MILLENNIUM';
MILLISECOND: 'MILLISECOND';
MINUS: 'MINUS';
MINUTE: 'MINUTE';
MODEL: 'MODEL';
MODELS: 'MODELS';
MONTH: 'MONTH';
NANOSECOND: 'NANOSECOND';
NEXT: 'NEXT';
NOT: 'NOT';
NULL: 'NULL';
NULLS: 'NULLS';
NUMERIC: 'NUMERIC';
OF: 'OF';
OFFSET: 'OFFSET';
ON: 'ON';
ONLY: 'ONLY';
OR: 'OR';
ORDER: 'ORDER';
ORDINALITY: 'ORDINALITY';
OUTER: 'OUTER';
OVER: 'OVER';
PARTITION: 'PARTITION';
PLAN: 'PLAN';
POSITION: 'POSITION';
PRECEDING: 'PRECEDING';
PRECISION: 'PRECISION';
PRIMARY: 'PRIMARY';
QUARTER: 'QUARTER';
RANGE: 'RANGE';
REAL: 'REAL';
REPLACE: 'REPLACE';
RESET: 'RESET';
RIGHT: 'RIGHT';
ROW: 'ROW';
ROWS: 'ROWS';
SECOND: 'SECOND';
SELECT: 'SELECT';
SET: 'SET';
SHOW: 'SHOW';
SIMILAR: 'SIMILAR';
SMALLINT: 'SMALLINT';
STRING: 'STRING';
SUBSTRING: 'SUBSTRING';
SYMMETRIC: 'SYMMETRIC';
SYSTEM: 'SYSTEM';
SYSTEM_TIME: 'SYSTEM_TIME';
TABLE: 'TABLE';
TABLES: 'TABLES';
TEMPORARY: 'TEMPORARY';
THEN: 'THEN';
TIME: 'TIME';
TIMESTAMP: 'TIMESTAMP';
TIMESTAMP_LTZ: 'TIMESTAMP_LTZ';
TIMESTAMPADD: 'TIMESTAMPADD';
TIMESTAMPDIFF: 'TIMESTAMPDIFF';
TINYINT: 'TINYINT';
TO: 'TO';
TRAILING: 'TRAILING';
TRIM: 'TRIM';
TRUE: 'TRUE';
TRY_CAST: 'TRY_CAST';
UNBOUNDED: 'UNBOUNDED';
UNION: 'UNION';
UNKNOWN: 'UNKNOWN';
UNNEST: 'UNNEST';
USING: 'USING';
VALUES: 'VALUES';
VARBINARY: 'VARBINARY';
VARCHAR: 'VARCHAR';
VARYING: 'VARYING';
VIEW: 'VIEW';
VIEWS: 'VIEWS';
VIRTUAL: 'VIRTUAL';
WATERMARK: 'WATERMARK';
WEEK: 'WEEK';
WHEN: 'WHEN';
WHERE: 'WHERE';
WINDOW: 'WINDOW';
WITH: 'WITH';
WITHOUT: 'WITHOUT';
YEAR: 'YEAR';
ZONE: 'ZONE';

EQ: '=';
// Never valid; lexed as one token so the parser can suggest '=' instead.
DOUBLE_EQ: '==';
NEQ: '<>';
BANG_NEQ: '!=';
LT: '<';
LTE: '<=';
GT: '>';
GTE: '>=';
PLUS: '+';
MINUS_SIGN: '-';
ASTERISK: '*';
SLASH: '/';
PERCENT: '%';
CONCAT: '||';
ARROW: '=>';

STRING_LITERAL
    : '\'' (~'\'' | '\'\'')* '\''
    ;

INTEGER_VALUE
    : DIGIT+
    ;

DECIMAL_VALUE
    : DIGIT+ '.' DIGIT*
    | '.' DIGIT+
    ;

DOUBLE_VALUE
    : DIGIT+ ('.' DIGIT*)? EXPONENT
    | '.' DIGIT+ EXPONENT
    ;

IDENTIFIER
    : (LETTER | '_') (LETTER | DIGIT | '_' | '$')*
    ;

QUOTED_IDENTIFIER
    : '"' (~'"' | '""')* '"'
    ;

BACKQUOTED_IDENTIFIER
    : '`' (~'`' | '``')* '`'
    ;

fragment EXPONENT
    : 'E' [+-]? DIGIT+
    ;

fragment DIGIT
    : [0-9]
    ;

fragment LETTER
    : [a-z]
    | [\u00C0-\uFFFF]
    ;

LINE_COMMENT
    : '--' ~[\r\n]* -> channel(HIDDEN)
    ;

BLOCK_COMMENT
    : '/*' .*? '*/' -> channel(HIDDEN)
    ;

WHITESPACE
    : [ \t\r\n\f]+ -> channel(HIDDEN)
    ;

// Anything else is one bad character, reported by the parser with its position.
UNRECOGNIZED
    : .
    ;
