#!/usr/bin/env bats
# seed-gitextract: Python definitions checked against Python's ast (gitextract-ast-check.py), the
# exact definitions of every other language, the record, bounds and granularity, file filters
# and their summary, revisions, bare repositories, and every documented error.

load helpers

# Tests build their own repositories: no user or system git configuration, fixed dates.
export GIT_CONFIG_GLOBAL=/dev/null GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_DATE='2024-01-02T03:04:05Z' GIT_COMMITTER_DATE='2024-01-02T03:04:05Z'
# Clones of URLs never go to the user's cache (tests use local file:// URLs and --cache).
export XDG_CACHE_HOME="$BATS_RUN_TMPDIR/xdg-cache"

# new_repo DIR: a new repository with a work tree, on branch main.
new_repo() {
  git init -q -b main "$1"
}

# commit_all DIR [MESSAGE]: commits the whole work tree of DIR.
commit_all() {
  git -C "$1" add -A
  git -C "$1" -c user.name=t -c user.email=t@t commit -q -m "${2:-commit}"
}

# defs: one line per record of $output: "path name kind start-end".
defs() {
  printf '%s\n' "$output" | jq -r '"\(.path) \(.name) \(.kind) \(.start_line)-\(.end_line)"'
}

# every_definition REPO: runs seed-gitextract on REPO with no bounds, --granularity all.
every_definition() {
  run --separate-stderr seed-gitextract -q --granularity all --min 0 --min-lines 0 "$@"
  assert_success
}

# A Python repository that covers what is easy to get wrong: decorators (several, with
# multi-line arguments, parenthesized), nesting at every depth, async, multi-line signatures,
# strings that hold definition-like text, tabs and odd indents, bodies on the def line,
# semicolons, lambdas (not definitions), comments after the last statement of a body,
# a __main__ block, CRLF, form feeds, a BOM, no final newline, and files ast cannot read.
make_python_repo() {
  new_repo "$1"
  mkdir -p "$1/pkg/sub"
  cat > "$1/pkg/decorated.py" <<'EOF'
import functools


def plain(x):
    return x


@functools.lru_cache(maxsize=None)
@staticmethod
def cached(a, b):
    return a + b


@register(
    name="multi",
    options={
        "a": 1,
    },
)
@other
class Decorated:
    @property
    def value(self):
        return 1

    @value.setter
    def value(self, v):
        pass

    @classmethod
    @functools.wraps(
        plain,
    )
    def build(cls):
        return cls()


@(
    decorator_in_parens
)
def paren_decorated():
    pass


@first
# a comment between decorators
@second

# a comment between the decorators and the def
def commented_decorators():
    pass
EOF
  cat > "$1/pkg/nested.py" <<'EOF'
class Outer:
    class Inner:
        class Deepest:
            def deep(self):
                def closure():
                    def inner_closure():
                        return 1
                    return inner_closure
                return closure

        def inner_method(self):
            pass

    def method(self):
        class LocalClass:
            pass
        return LocalClass


def outer():
    def helper():
        pass

    async def async_helper():
        await thing()

    return helper


async def fetch(url):
    async with session() as s:
        return await s.get(url)


class Service:
    async def start(self):
        pass

    @staticmethod
    async def stop():
        pass


def nested_blocks():
    for i in range(3):
        while i:
            with open("f") as f:
                try:
                    def in_try():
                        pass
                finally:
                    pass
EOF
  cat > "$1/pkg/signatures.py" <<'EOF'
def long_signature(
    first,
    second: int = 3,
    *args,
    third: "str" = ")",
    **kwargs,
) -> dict[
    str,
    int,
]:
    return {}


def defaults(a=(1,
                2), b=lambda x: (
                    x + 1)):
    return a


class Base(
    object,
    metaclass=Meta,
):
    def m(self): pass


def ends_with_call(
):
    return call(
        1,
    )  # a comment on the last line


def ends_with_string():
    return """
    multi
    line
    """


def ends_with_backslash():
    x = 1 + \
        2


class OnlyDoc:
    """Only a docstring."""


class Empty: ...
EOF
  cat > "$1/pkg/strings.py" <<'EOF'
DOC = """
def not_a_function():
    pass

class NotAClass:
    pass
"""


def real():
    """Docstring mentioning
    def fake():
    class Fake:
    """
    s = '''def x():
class Y:
'''
    name = "world"
    return f"def {name}(): {s!r} class {'Y'}: {{}}" + r'\ndef raw():' + """
def tail():
"""


class Holder:
    text = f"""
    def method_in_fstring(self):
        {real()}
    """

    def after(self):
        return b"def bytes_def(): pass"


x = """unterminated-looking ''' quote"""


def last():
    return x
EOF
  printf 'def tabbed():\n\tif True:\n\t\treturn 1\n\treturn 2\n\n\nclass TabClass:\n\tdef m(self):\n\t\tpass\n\n\tdef n(self):\n\t\treturn [\n\t\t\t1,\n\t\t]\n' > "$1/pkg/tabs.py"
  cat > "$1/pkg/indent.py" <<'EOF'
def two():
  x = 1
  def two_inner():
    return x
  return two_inner


def eight():
        y = 2
        class EightInner:
                def deep(self):
                        return y
        return EightInner


def f(): return 1
def g(): x = 1; y = 2; return x + y
class C: pass
class D: x = 1; y = 2
class E:
    def a(self): return 1; 
    def b(self): pass


if True:
    def conditional():
        pass
else:
    def conditional():
        pass

def continued(a, \
              b):
    return a + \
        b
EOF
  cat > "$1/pkg/lambdas.py" <<'EOF'
square = lambda x: x * x
add = lambda a, b: (
    a + b
)


class WithLambdas:
    handler = lambda self: None
    table = {"k": lambda: 1}


def uses_lambda():
    return sorted([], key=lambda item: item[0])
EOF
  cat > "$1/pkg/comments.py" <<'EOF'
def with_trailing_comment():
    x = 1
    return x
    # a comment after the last statement


class CommentClass:
    def method(self):
        pass
        # trailing comment, indented like the body

    # comment at class level after the last method
# comment at column 0


def comment_then_blank():
    pass
    # comment

    # another, after a blank line


def dedented_comment():
    if True:
        pass
# a comment at column 0 inside the body
    return 1


def last_in_file():
    return 2
    # final comment
EOF
  cat > "$1/pkg/main_block.py" <<'EOF'
import sys


def main(argv):
    return 0


if __name__ == "__main__":
    def local_in_main():
        pass

    sys.exit(main(sys.argv))
EOF
  cat > "$1/pkg/modern.py" <<'EOF'
def matcher(command):
    match command:
        case ["go", direction]:
            def in_case():
                return direction
            return in_case
        case _:
            pass


class Point:
    x: int
    y: int = 0

    def __init__(self, x: int, /, y: int = 0, *, z=None) -> None:
        self.x = x
        if (n := len(str(x))) > 2:
            pass


def gen():
    yield from range(3)
EOF
  printf 'def crlf_one():\r\n    return 1\r\n\r\n\r\nclass CrlfClass:\r\n    def m(self):\r\n        pass\r\n' > "$1/pkg/crlf.py"
  printf 'def ff():\n    pass\n\x0c\ndef after_formfeed():\n    return 1\n\x0cclass FF:\n    pass\n' > "$1/pkg/formfeed.py"
  printf '\xef\xbb\xbfdef bom():\n    pass\n' > "$1/pkg/bom.py"
  printf 'def no_newline():\n    return 1' > "$1/pkg/nonl.py"
  printf 'def stub(x: int) -> int: ...\nclass Stub:\n    def method(self) -> None: ...\n' > "$1/pkg/sub/types.pyi"
  : > "$1/pkg/sub/__init__.py"
  cat > "$1/pkg/sub/broken.py" <<'EOF'
def fine():
    return 1


def broken(:
    pass


class AlsoFine:
    pass
EOF
  printf '# -*- coding: latin-1 -*-\ndef latin():\n    return "\xe9"\n' > "$1/pkg/sub/latin1.py"
  commit_all "$1"
}

@test "Python definitions agree with Python's ast, decorators, nesting and odd layouts included" {
  make_python_repo repo
  run --separate-stderr python3 "$BATS_TEST_DIRNAME/gitextract-ast-check.py" repo
  assert_success
  assert_line --partial "left out pkg/sub/broken.py: ast cannot parse it: line 5: "
  assert_line --partial "left out pkg/sub/latin1.py: not UTF-8 (skipped by seed-gitextract)"
  assert_line "agree: 84 definitions in 16 files of $(git -C repo rev-parse --short=12 HEAD) (2 files left out)"
}

@test "the ast check reads the commit, not the work tree, and reports each disagreement" {
  new_repo repo
  printf 'def a():\n    return 1\n\n\ndef b():\n    return 2\n' > repo/m.py
  commit_all repo
  printf 'def c():\n    pass\n' > repo/untracked.py  # not in the commit: not a "missing" definition
  run python3 "$BATS_TEST_DIRNAME/gitextract-ast-check.py" repo
  assert_success
  assert_output "agree: 2 definitions in 1 file of $(git -C repo rev-parse --short=12 HEAD) (0 files left out)"
  # A seed-gitextract that loses one definition and stretches another must be caught.
  cat > fake-gitextract <<'EOF'
#!/bin/sh
seed-gitextract "$@" | sed -e '/"name":"a"/d' -e 's/"end_line":6/"end_line":7/'
EOF
  chmod +x fake-gitextract
  run python3 "$BATS_TEST_DIRNAME/gitextract-ast-check.py" --tool ./fake-gitextract repo
  assert_failure 1
  assert_line --index 0 "missing m.py:1-2: def a():"
  assert_line --index 1 "missing m.py:5-6: def b():"
  assert_line --index 2 "extra m.py:5-7: def b():"
  assert_line --index 3 --partial "DISAGREE: 2 missing, 1 extra of 2 definitions"
  # --rev, and a revision git does not know.
  printf 'def d():\n    pass\n' >> repo/m.py
  commit_all repo
  run python3 "$BATS_TEST_DIRNAME/gitextract-ast-check.py" --rev HEAD~1 repo
  assert_success
  assert_output --partial "agree: 2 definitions"
  run python3 "$BATS_TEST_DIRNAME/gitextract-ast-check.py" --rev nope repo
  assert_failure 2
}

@test "javascript: functions, classes and methods, arrow and generator functions" {
  new_repo repo
  cat > repo/app.js <<'EOF'
function greet(name) {
  return "hi " + name;
}

class Client {
  constructor(url) {
    this.url = url;
  }

  send(message) {
    return message;
  }

  static create() {
    return new Client("x");
  }

  get size() {
    return 1;
  }
}

const double = (x) => {
  return x * 2;
};

let single = x => x + 1;

var legacy = function (a) {
  return a;
};

function* counter() {
  yield 1;
}

const gen = function* () {
  yield 2;
};

async function load() {
  await 1;
}

const notFunction = 42;
const object = { method() { return 1; } };

export default function exported() {
  return 0;
}

export const arrowExported = () => {};
EOF
  commit_all repo
  every_definition repo
  assert_equal "$(defs)" "app.js greet function 1-3
app.js Client class 5-21
app.js Client.constructor method 6-8
app.js Client.send method 10-12
app.js Client.create method 14-16
app.js Client.size method 18-20
app.js double function 23-25
app.js single function 27-27
app.js legacy function 29-31
app.js counter function 33-35
app.js gen function 37-39
app.js load function 41-43
app.js method function 46-46
app.js exported function 48-50
app.js arrowExported function 52-52"
  assert_equal "$(printf '%s\n' "$output" | jq -r .language | uniq)" "javascript"
}

@test "typescript and tsx: interfaces, type aliases, enums, abstract classes" {
  new_repo repo
  cat > repo/types.ts <<'EOF'
interface Shape {
  area(): number;
}

type Id = string | number;

type Pair<T> = {
  first: T;
  second: T;
};

enum Color {
  Red,
  Green,
}

abstract class Animal {
  abstract speak(): string;

  move(distance: number): void {
    console.log(distance);
  }
}

class Dog extends Animal implements Shape {
  speak(): string {
    return "woof";
  }

  area(): number {
    return 0;
  }
}

function typed<T>(x: T): T {
  return x;
}

function overloaded(x: string): void;
function overloaded(x: number): void;
function overloaded(x: unknown): void {}

const arrow = (n: number): number => n;

export interface Exported {
  x: number;
}
EOF
  cat > repo/view.tsx <<'EOF'
interface Props {
  title: string;
}

function Header({ title }: Props) {
  return <h1>{title}</h1>;
}

const Footer = (props: Props) => {
  return <footer>{props.title}</footer>;
};

class Page extends React.Component<Props> {
  render() {
    return <div><Header title="x" /></div>;
  }
}
EOF
  commit_all repo
  every_definition repo
  assert_equal "$(defs)" "types.ts Shape interface 1-3
types.ts Id type 5-5
types.ts Pair type 7-10
types.ts Color enum 12-15
types.ts Animal class 17-23
types.ts Animal.move method 20-22
types.ts Dog class 25-33
types.ts Dog.speak method 26-28
types.ts Dog.area method 30-32
types.ts typed function 35-37
types.ts overloaded function 41-41
types.ts arrow function 43-43
types.ts Exported interface 45-47
view.tsx Props interface 1-3
view.tsx Header function 5-7
view.tsx Footer function 9-11
view.tsx Page class 13-17
view.tsx Page.render method 14-16"
  assert_equal "$(printf '%s\n' "$output" | jq -r .language | uniq | paste -sd,)" "typescript,tsx"
}

@test "go: functions, methods named by their receiver, each declared type" {
  new_repo repo
  cat > repo/main.go <<'EOF'
package main

import "fmt"

type Server struct {
	addr string
}

type Handler interface {
	Serve() error
}

type (
	A int
	B string
)

type ID = string

func (s *Server) Start() error {
	return nil
}

func (s Server) Addr() string {
	return s.addr
}

func main() {
	fmt.Println("hi")
	f := func() {}
	f()
}

func Generic[T any](x T) T {
	return x
}
EOF
  commit_all repo
  every_definition repo
  assert_equal "$(defs)" "main.go Server type 5-7
main.go Handler type 9-11
main.go A type 14-14
main.go B type 15-15
main.go ID type 18-18
main.go Server.Start method 20-22
main.go Server.Addr method 24-26
main.go main function 28-32
main.go Generic function 34-36"
}

@test "rust: functions, impl blocks and their methods, structs, enums, traits, macros" {
  new_repo repo
  cat > repo/lib.rs <<'EOF'
use std::fmt;

pub struct Point {
    x: i32,
    y: i32,
}

struct Unit;

enum Shape {
    Circle(f64),
    Square { side: f64 },
}

trait Area {
    fn area(&self) -> f64;

    fn describe(&self) -> String {
        format!("{}", self.area())
    }
}

impl Point {
    pub fn new(x: i32, y: i32) -> Self {
        Point { x, y }
    }

    fn norm(&self) -> i32 {
        self.x.abs() + self.y.abs()
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "({}, {})", self.x, self.y)
    }
}

macro_rules! square {
    ($x:expr) => {
        $x * $x
    };
}

#[derive(Debug)]
struct Attributed {
    v: u8,
}

fn main() {
    fn inner() {}
    inner();
}

mod nested {
    pub fn in_module() {}
}
EOF
  commit_all repo
  every_definition repo
  assert_equal "$(defs)" "lib.rs Point struct 3-6
lib.rs Unit struct 8-8
lib.rs Shape enum 10-13
lib.rs Area trait 15-21
lib.rs Area.describe method 18-20
lib.rs Point impl 23-31
lib.rs Point.new method 24-26
lib.rs Point.norm method 28-30
lib.rs Point impl 33-37
lib.rs Point.fmt method 34-36
lib.rs square macro 39-43
lib.rs Attributed struct 45-48
lib.rs main function 50-53
lib.rs main.inner function 51-51
lib.rs in_module function 56-56"
}

@test "java: classes, methods, constructors, interfaces, enums, records" {
  new_repo repo
  cat > repo/Shop.java <<'EOF'
package shop;

public class Shop {
    private int count;

    public Shop(int count) {
        this.count = count;
    }

    public int getCount() {
        return count;
    }

    @Override
    public String toString() {
        return "Shop";
    }

    static class Item {
        void use() {
        }
    }
}

interface Store {
    void open();

    default void close() {
    }
}

enum Size {
    SMALL, LARGE;

    boolean big() {
        return this == LARGE;
    }
}

record Price(int cents) {
    Price {
        if (cents < 0) throw new IllegalArgumentException();
    }

    int euros() {
        return cents / 100;
    }
}

abstract class Base {
    abstract void run();
}
EOF
  commit_all repo
  every_definition repo
  # Bodiless methods (interface and abstract ones) are declarations, as TypeScript's abstract
  # methods, Rust's trait signatures and C's prototypes are.
  assert_equal "$(defs)" "Shop.java Shop class 3-23
Shop.java Shop.Shop constructor 6-8
Shop.java Shop.getCount method 10-12
Shop.java Shop.toString method 14-17
Shop.java Shop.Item class 19-22
Shop.java Shop.Item.use method 20-21
Shop.java Store interface 25-30
Shop.java Store.close method 28-29
Shop.java Size enum 32-38
Shop.java Size.big method 35-37
Shop.java Price record 40-48
Shop.java Price.Price constructor 41-43
Shop.java Price.euros method 45-47
Shop.java Base class 50-52"
}

@test "c: function definitions, not prototypes; structs, unions and enums with bodies" {
  new_repo repo
  cat > repo/util.c <<'EOF'
#include <stdio.h>

int add(int a, int b);
static void helper(void);

struct point {
    int x;
    int y;
};

struct point make_point(int x, int y);
struct point origin;

union value {
    int i;
    float f;
};

enum color { RED, GREEN };

typedef struct {
    int w;
} size2;

int add(int a, int b)
{
    return a + b;
}

static char *
name_of(struct point *p)
{
    (void)p;
    return "p";
}

static void helper(void) {}

int (*get_op(void))(int, int) {
    return add;
}
EOF
  printf 'struct node;\nint count(struct node *n);\n\nstruct node {\n    struct node *next;\n};\n' > repo/list.h
  commit_all repo
  every_definition repo
  assert_equal "$(defs)" "list.h node struct 4-6
util.c point struct 6-9
util.c value union 14-17
util.c color enum 19-19
util.c size2 struct 21-23
util.c add function 25-28
util.c name_of function 30-35
util.c helper function 37-37
util.c get_op function 39-41"
  assert_equal "$(printf '%s\n' "$output" | jq -r .language | uniq)" "c"
}

@test "cpp: classes, out-of-line members, templates with their template line, namespaces" {
  new_repo repo
  cat > repo/shapes.cpp <<'EOF'
#include <vector>

namespace geo {

class Box {
public:
    Box(int w) : w_(w) {}
    int get() const;
    int area() const { return w_ * w_; }
    ~Box() {}

private:
    int w_;
};

int Box::get() const {
    return w_;
}

template <typename T>
T maximum(T a, T b) {
    return a > b ? a : b;
}

template <typename T>
class Stack {
public:
    void push(T v) { items_.push_back(v); }

private:
    std::vector<T> items_;
};

struct Pod {
    int x;
};

class Forward;

namespace inner {
void nested_ns() {}
}  // namespace inner

}  // namespace geo

int main() {
    return geo::maximum(1, 2);
}

void declared_only(int);

bool operator==(const geo::Pod& a, const geo::Pod& b) {
    return a.x == b.x;
}
EOF
  commit_all repo
  every_definition repo
  assert_equal "$(defs)" "shapes.cpp Box class 5-14
shapes.cpp Box.Box method 7-7
shapes.cpp Box.area method 9-9
shapes.cpp Box.~Box method 10-10
shapes.cpp Box::get function 16-18
shapes.cpp maximum function 20-23
shapes.cpp Stack class 25-32
shapes.cpp Stack.push method 28-28
shapes.cpp Pod struct 34-36
shapes.cpp nested_ns function 41-41
shapes.cpp main function 46-48
shapes.cpp operator== function 52-54"
  assert_equal "$(printf '%s\n' "$output" | jq -r 'select(.name == "maximum") | .text')" "template <typename T>
T maximum(T a, T b) {
    return a > b ? a : b;
}"
}

@test "ruby: def, def self.x, class, module, class << self" {
  new_repo repo
  cat > repo/app.rb <<'EOF'
module Shop
  class Cart
    def initialize
      @items = []
    end

    def self.build
      new
    end

    class << self
      def helper
        1
      end
    end

    def add(item) = @items << item
  end

  def self.version
    "1.0"
  end
end

def top_level
  true
end
EOF
  commit_all repo
  every_definition repo
  assert_equal "$(defs)" "app.rb Shop module 1-23
app.rb Shop.Cart class 2-18
app.rb Shop.Cart.initialize method 3-5
app.rb Shop.Cart.build method 7-9
app.rb Shop.Cart.<< self class 11-15
app.rb Shop.Cart.<< self.helper method 12-14
app.rb Shop.Cart.add method 17-17
app.rb Shop.version method 20-22
app.rb top_level function 25-27"
}

@test "a record holds every field: exact text, provenance, qualified name, kind, lines" {
  new_repo repo
  cat > repo/client.py <<'EOF'
import json


class Client:
    """Sends messages."""

    def send(self, message):
        # Encode, then write: "quotes", a tab	and café.
        data = json.dumps(message)
        return self.transport.write(data)
EOF
  printf 'Copyright (c) 2024 t\n\nPermission is hereby granted, free of charge, to any person obtaining a copy\n' > repo/LICENSE
  commit_all repo
  commit=$(git -C repo rev-parse HEAD)
  run --separate-stderr seed-gitextract --granularity all --min 0 --min-lines 3 repo
  assert_success
  expect_jsonl_eq - '{"text":"class Client:\n    \"\"\"Sends messages.\"\"\"\n\n    def send(self, message):\n        # Encode, then write: \"quotes\", a tab\tand café.\n        data = json.dumps(message)\n        return self.transport.write(data)","domain":"code","language":"python","source":"repo","repo":"repo","commit":"'"$commit"'","path":"client.py","name":"Client","kind":"class","start_line":4,"end_line":10,"license":"MIT"}
{"text":"    def send(self, message):\n        # Encode, then write: \"quotes\", a tab\tand café.\n        data = json.dumps(message)\n        return self.transport.write(data)","domain":"code","language":"python","source":"repo","repo":"repo","commit":"'"$commit"'","path":"client.py","name":"Client.send","kind":"method","start_line":7,"end_line":10,"license":"MIT"}'
  # --dedent removes the indentation the lines share, tabs included.
  run --separate-stderr seed-gitextract -q --granularity all --min 0 --min-lines 4 --max-lines 4 --dedent repo
  assert_equal "$(printf '%s\n' "$output" | jq -r .text)" 'def send(self, message):
    # Encode, then write: "quotes", a tab	and café.
    data = json.dumps(message)
    return self.transport.write(data)'
  printf 'class T:\n\tdef m(self):\n\n\t\treturn 1\n' > repo/tabs.py
  commit_all repo
  run --separate-stderr seed-gitextract -q --include tabs.py --granularity all --min 0 --min-lines 0 --dedent repo
  expect_jsonl_eq <(printf '%s\n' "$output" | jq -c '[.name, .text]') '["T","class T:\n\tdef m(self):\n\n\t\treturn 1"]
["T.m","def m(self):\n\n\treturn 1"]'
}

@test "the license comes from a root LICENSE file as an SPDX id, and is absent when unknown" {
  new_repo repo
  printf 'def f():\n    return 1\n' > repo/f.py
  printf 'Some words that name no license.\n' > repo/LICENSE
  printf 'Permission is hereby granted, free of charge, to any person\n' > repo/sub.py.LICENSE
  mkdir repo/docs
  printf 'Permission is hereby granted, free of charge, to any person\n' > repo/docs/LICENSE
  commit_all repo
  every_definition repo
  assert_equal "$(printf '%s\n' "$output" | jq -c 'has("license")')" "false"
  rm repo/LICENSE
  { printf '\n                                 Apache License\n                           Version 2.0, January 2004\n'
    printf '                        http://www.apache.org/licenses/\n'; } > repo/LICENSE.txt
  commit_all repo
  every_definition repo
  assert_equal "$(printf '%s\n' "$output" | jq -r .license)" "Apache-2.0"
  git -C repo mv LICENSE.txt COPYING
  commit_all repo
  every_definition repo
  assert_equal "$(printf '%s\n' "$output" | jq -r .license)" "Apache-2.0"
}

@test "source is the repository's folder name, also for . and for a bare x.git; repo is as given" {
  new_repo my-project
  printf 'def f():\n    return 1\n' > my-project/f.py
  commit_all my-project
  git clone -q --bare my-project mirror.git
  every_definition my-project/
  assert_equal "$(printf '%s\n' "$output" | jq -c '[.source, .repo]')" '["my-project","my-project/"]'
  every_definition mirror.git
  assert_equal "$(printf '%s\n' "$output" | jq -c '[.source, .repo]')" '["mirror","mirror.git"]'
  every_definition "$WORK/mirror.git/"
  assert_equal "$(printf '%s\n' "$output" | jq -c '[.source, .repo]')" '["mirror","'"$WORK"'/mirror.git/"]'
  cd my-project
  every_definition .
  assert_equal "$(printf '%s\n' "$output" | jq -c '[.source, .repo]')" '["my-project","."]'
  mkdir sub && cd sub
  every_definition ..
  assert_equal "$(printf '%s\n' "$output" | jq -c '[.source, .repo]')" '["my-project",".."]'
  # The .git folder of a work tree names the work tree.
  cd "$WORK"
  every_definition my-project/.git
  assert_equal "$(printf '%s\n' "$output" | jq -c '[.source, .repo]')" '["my-project","my-project/.git"]'
}

@test "--mode files emits each whole file within the bounds" {
  new_repo repo
  printf 'import os\n\n\ndef f():\n    return os.sep\n' > repo/a.py
  printf 'x = 1\n' > repo/b.py
  printf 'fn main() {}\n' > repo/c.rs
  printf 'notes\n' > repo/README.md
  commit_all repo
  commit=$(git -C repo rev-parse HEAD)
  run --separate-stderr seed-gitextract --mode files --min 0 --min-lines 2 repo
  assert_success
  expect_jsonl_eq - '{"text":"import os\n\n\ndef f():\n    return os.sep","domain":"code","language":"python","source":"repo","repo":"repo","commit":"'"$commit"'","path":"a.py","name":"a.py","kind":"file","start_line":1,"end_line":5}'
  expect_stderr_line "seed-gitextract: 1 repository, 3 files (skipped 1: not-source 1), kept 1 of 3 files (dropped min-lines 2)"
}

@test "the default bounds are 150-2000 characters (code points) and 5-60 lines" {
  new_repo repo
  # Each definition has exactly the given lines and characters; é is one character, two bytes.
  python3 - <<'EOF'
def make(name, lines, chars, pad="x"):
    head = f"def {name}():"
    n = lines - 1
    room = chars - len(head) - n * len("\n    s = ''")
    body = [f"    s = '{pad * (room // n + (i < room % n))}'" for i in range(n)]
    text = "\n".join([head] + body)
    assert len(text) == chars and text.count("\n") + 1 == lines, name
    return text
parts = [make("at_min", 5, 150, "é"), make("below_min", 5, 149, "é"), make("at_max", 60, 2000),
         make("above_max", 10, 2001), make("few_lines", 4, 300), make("many_lines", 61, 1000),
         make("at_limits", 5, 2000)]
open("repo/bounds.py", "w").write("\n\n\n".join(parts) + "\n")
open("repo/small.py", "w").write("def two_lines():\n    return 1\n")
EOF
  commit_all repo
  run --separate-stderr seed-gitextract repo
  assert_success
  assert_equal "$(defs)" "bounds.py at_min function 1-5
bounds.py at_max function 15-74
bounds.py at_limits function 158-162"
  assert_equal "$(printf '%s\n' "$output" | jq -r '.text | length')" "150
2000
2000"
  expect_stderr_line "seed-gitextract: 1 repository, 2 files, kept 3 of 8 definitions (dropped min 2, max 1, min-lines 1, max-lines 1)"
  run --separate-stderr seed-gitextract --min 149 --max 300 --min-lines 2 --max-lines 4 repo
  assert_equal "$(defs)" "bounds.py few_lines function 89-92"
  expect_stderr_line "seed-gitextract: 1 repository, 2 files, kept 1 of 8 definitions (dropped min 1, max 4, max-lines 2)"
  run --separate-stderr seed-gitextract --min 0 --max 100000 --min-lines 5 --max-lines 5 repo
  assert_equal "$(defs)" "bounds.py at_min function 1-5
bounds.py below_min function 8-12
bounds.py at_limits function 158-162"
  expect_stderr_line "seed-gitextract: 1 repository, 2 files, kept 3 of 8 definitions (dropped min-lines 2, max-lines 3)"
}

@test "--granularity fit takes what fits whole and goes into what is too large; all takes everything" {
  new_repo repo
  cat > repo/shapes.py <<'EOF'
class Small:
    def first(self):
        return 1

    def second(self):
        return 2


class Big:
    def one(self, x):
        y = x + 1
        return y

    def two(self, x):
        y = x + 2
        return y

    def tiny(self):
        pass
EOF
  printf 'def alone():\n    return 0\n' > repo/alone.py
  commit_all repo
  run --separate-stderr seed-gitextract --min 0 --min-lines 3 --max-lines 8 repo
  assert_success
  assert_equal "$(defs)" "shapes.py Small class 1-6
shapes.py Big.one method 10-12
shapes.py Big.two method 14-16"
  # Small's methods are not looked at; Big's are. Big.tiny and alone are too small.
  expect_stderr_line "seed-gitextract: 1 repository, 2 files, kept 3 of 6 definitions (dropped min-lines 2, max-lines 1)"
  run --separate-stderr seed-gitextract --granularity all --min 0 --min-lines 2 --max-lines 8 repo
  assert_equal "$(defs)" "alone.py alone function 1-2
shapes.py Small class 1-6
shapes.py Small.first method 2-3
shapes.py Small.second method 5-6
shapes.py Big.one method 10-12
shapes.py Big.two method 14-16
shapes.py Big.tiny method 18-19"
  expect_stderr_line "seed-gitextract: 1 repository, 2 files, kept 7 of 8 definitions (dropped max-lines 1)"
}

@test "a definition with a syntax error is dropped and counted; the rest of the file counts" {
  new_repo repo
  printf 'def fine():\n    return 1\n\n\ndef broken():\n    return )\n\n\nclass Holder:\n    def good(self):\n        return 2\n\n    def bad(self):\n        x = [1,\n        return x\n' > repo/a.py
  printf 'def other():\n    return 3\n' > repo/b.py
  commit_all repo
  for how in fit all; do
    run --separate-stderr seed-gitextract --granularity "$how" --min 0 --min-lines 0 repo
    assert_success
    assert_equal "$(defs)" "a.py fine function 1-2
a.py Holder.good method 10-11
b.py other function 1-2"
    assert_regex "$stderr" '^seed-gitextract: 1 repository, 2 files, kept 3 of [0-9]+ definitions \(dropped parse-error [0-9]+\)$'
  done
  run --separate-stderr seed-gitextract --min 0 --min-lines 0 --include b.py --include a.py repo
  expect_stderr_line "seed-gitextract: 1 repository, 2 files, kept 3 of 6 definitions (dropped parse-error 3)"
}

# A repository with one file of each kind the default filters skip, and some they keep.
make_skips_repo() {
  new_repo "$1"
  local body='def keep():\n    return 1\n'
  mkdir -p "$1/src/deep/er" "$1/vendor/lib" "$1/third_party" "$1/node_modules/pkg" "$1/web" "$1/tests"
  printf "$body" > "$1/src/ok.py"
  printf "$body" > "$1/src/deep/er/nested.py"
  printf "$body" > "$1/tests/test_ok.py"
  printf "$body" > "$1/vendor/lib/v.py"
  printf "$body" > "$1/third_party/t.py"
  printf 'function f() { return 1; }\n' > "$1/node_modules/pkg/index.js"
  printf 'function f() { return 1; }\n' > "$1/web/app.min.js"
  printf 'function f() { return 1; }\n' > "$1/web/app.js"
  printf '// Code generated by protoc-gen-go. DO NOT EDIT.\npackage x\n\nfunc F() {}\n' > "$1/src/gen.go"
  { printf 'def long():\n    return "'; head -c 1001 /dev/zero | tr '\0' a; printf '"\n'; } > "$1/src/long.py"
  printf 'def binary():\n    return "\0"\n' > "$1/src/binary.py"
  printf 'version https://git-lfs.github.com/spec/v1\noid sha256:4d7a214614ab2935c943f9e0ff69d22eadbb8f32b1258daaa5e2ca24d17e2393\nsize 12345\n' > "$1/src/big.py"
  printf 'def latin():\n    return "\xe9"\n' > "$1/src/latin1.py"
  ln -s ok.py "$1/src/link.py"
  printf 'notes\n' > "$1/README.md"
  git -C "$1" add -A
  # A submodule: a commit in the tree (no work tree of its own, so no `git add -A` after it).
  git -C "$1" update-index --add --cacheinfo "160000,$(git -C "$1" hash-object --stdin < /dev/null),sub"
  git -C "$1" -c user.name=t -c user.email=t@t commit -q -m skips
}

@test "by default vendored, minified, generated, long-line, binary, LFS, non-UTF-8 files, links and submodules are skipped and counted" {
  make_skips_repo repo
  run --separate-stderr seed-gitextract --min 0 --min-lines 0 repo
  assert_success
  assert_equal "$(defs)" "src/deep/er/nested.py keep function 1-2
src/ok.py keep function 1-2
tests/test_ok.py keep function 1-2
web/app.js f function 1-1"
  expect_stderr_line "seed-gitextract: 1 repository, 4 files (skipped 12: vendored 3, minified 1, submodule 1, symlink 1, not-source 1, binary 1, lfs 1, generated 1, long-lines 1, not-utf8 1), kept 4 of 4 definitions"
  # --no-default-excludes reads vendored, minified, generated and long-line files too; never
  # binary files, LFS pointers, files that are not UTF-8, links or submodules.
  run --separate-stderr seed-gitextract --no-default-excludes --min 0 --min-lines 0 repo
  assert_equal "$(defs)" "node_modules/pkg/index.js f function 1-1
src/deep/er/nested.py keep function 1-2
src/gen.go F function 4-4
src/long.py long function 1-2
src/ok.py keep function 1-2
tests/test_ok.py keep function 1-2
third_party/t.py keep function 1-2
vendor/lib/v.py keep function 1-2
web/app.js f function 1-1
web/app.min.js f function 1-1"
  expect_stderr_line "seed-gitextract: 1 repository, 10 files (skipped 6: submodule 1, symlink 1, not-source 1, binary 1, lfs 1, not-utf8 1), kept 10 of 10 definitions"
}

@test "a file that only mentions generated code in its prose is not skipped as generated" {
  new_repo repo
  printf '"""Tokens generated by the lexer, and how to read them.\n\nDo not edit them in place: copy first.\n"""\n\n\ndef read(tokens):\n    return list(tokens)\n' > repo/tokens.py
  printf '# Generated by Django 4.2 on 2024-01-02 03:04\n\n\ndef migrate():\n    return 1\n' > repo/0001_initial.py
  printf 'def plain():\n    return 1\n' > repo/plain.py
  commit_all repo
  run --separate-stderr seed-gitextract --min 0 --min-lines 0 repo
  assert_equal "$(defs)" "plain.py plain function 1-2
tokens.py read function 7-8"
  expect_stderr_line "seed-gitextract: 1 repository, 2 files (skipped 1: generated 1), kept 2 of 2 definitions"
}

@test "--include and --exclude select paths with globs, ** across folders" {
  make_skips_repo repo
  run --separate-stderr seed-gitextract -q --min 0 --min-lines 0 --include 'src/**/*.py' repo
  assert_equal "$(defs)" "src/deep/er/nested.py keep function 1-2
src/ok.py keep function 1-2"
  run --separate-stderr seed-gitextract -q --min 0 --min-lines 0 --include 'src/*.py' repo
  assert_equal "$(defs)" "src/ok.py keep function 1-2"
  # A pattern without a slash matches the file name in any folder.
  run --separate-stderr seed-gitextract -q --min 0 --min-lines 0 --include 'test_*.py' --include 'app.js' repo
  assert_equal "$(defs)" "tests/test_ok.py keep function 1-2
web/app.js f function 1-1"
  run --separate-stderr seed-gitextract --min 0 --min-lines 0 --exclude '**/er/**' --exclude 'tests/**' repo
  assert_equal "$(defs)" "src/ok.py keep function 1-2
web/app.js f function 1-1"
  expect_stderr_line "seed-gitextract: 1 repository, 2 files (skipped 14: excluded 2, vendored 3, minified 1, submodule 1, symlink 1, not-source 1, binary 1, lfs 1, generated 1, long-lines 1, not-utf8 1), kept 2 of 2 definitions"
  # --include still leaves out what the defaults skip, unless --no-default-excludes.
  run --separate-stderr seed-gitextract -q --min 0 --min-lines 0 --include 'vendor/**' repo
  [ -z "$output" ]
  run --separate-stderr seed-gitextract -q --min 0 --min-lines 0 --include 'vendor/**' --no-default-excludes repo
  assert_equal "$(defs)" "vendor/lib/v.py keep function 1-2"
}

@test "--lang limits the languages; the others are counted" {
  make_skips_repo repo
  run --separate-stderr seed-gitextract --min 0 --min-lines 0 --lang javascript,go --no-default-excludes repo
  assert_equal "$(defs)" "node_modules/pkg/index.js f function 1-1
src/gen.go F function 4-4
web/app.js f function 1-1
web/app.min.js f function 1-1"
  expect_stderr_line "seed-gitextract: 1 repository, 4 files (skipped 12: submodule 1, symlink 1, other-language 9, not-source 1), kept 4 of 4 definitions"
}

@test "paths are written as valid UTF-8 JSON, whatever bytes the file names hold" {
  new_repo repo
  printf 'def a():\n    return 1\n' > repo/café.py
  printf 'def b():\n    return 2\n' > repo/'we"ird\name.py'
  printf 'def c():\n    return 3\n' > "repo/$(printf 'latin\xe9.py')"
  commit_all repo
  run --separate-stderr seed-gitextract -q --min 0 --min-lines 0 -o out.jsonl repo
  assert_success
  python3 -c '
import json, sys
for line in open(sys.argv[1], "rb"):
    json.loads(line.decode("utf-8"))' out.jsonl
  assert_equal "$(jq -r 'select(.name != "c") | .path' out.jsonl)" 'café.py
we"ird\name.py'
}

@test "--rev reads a branch, a tag, a commit id or HEAD~1; commit is the full id" {
  new_repo repo
  printf 'def one():\n    return 1\n' > repo/m.py
  commit_all repo first
  first=$(git -C repo rev-parse HEAD)
  git -C repo tag v1
  git -C repo -c user.name=t -c user.email=t@t tag -a -m annotated v1-annotated
  printf 'def two():\n    return 2\n' >> repo/m.py
  commit_all repo second
  second=$(git -C repo rev-parse HEAD)
  git -C repo checkout -q -b feature
  printf 'def three():\n    return 3\n' >> repo/m.py
  commit_all repo third
  third=$(git -C repo rev-parse HEAD)
  git -C repo checkout -q main
  for rev in v1 v1-annotated "$first" HEAD~1 main~1; do
    every_definition --rev "$rev" repo
    assert_equal "$(printf '%s\n' "$output" | jq -r '"\(.name) \(.commit)"')" "one $first"
  done
  every_definition repo
  assert_equal "$(printf '%s\n' "$output" | jq -r '"\(.name) \(.commit)"')" "one $second
two $second"
  every_definition --rev feature repo
  assert_equal "$(printf '%s\n' "$output" | jq -r '"\(.name) \(.commit)"')" "one $third
two $third
three $third"
  every_definition --rev "${third:0:10}" repo
  assert_equal "$(printf '%s\n' "$output" | jq -r .commit | uniq)" "$third"
}

@test "a bare clone gives the same records; the work tree is never read" {
  new_repo repo
  printf 'def committed():\n    return 1\n' > repo/m.py
  printf 'def other():\n    return 2\n' > repo/n.py
  commit_all repo
  git clone -q --bare repo bare.git
  every_definition repo
  from_work_tree=$(printf '%s\n' "$output" | jq -c 'del(.source, .repo)')
  every_definition bare.git
  assert_equal "$(printf '%s\n' "$output" | jq -c 'del(.source, .repo)')" "$from_work_tree"
  assert_equal "$(defs)" "m.py committed function 1-2
n.py other function 1-2"
  # Uncommitted edits, staged files, untracked files and a deleted file change nothing.
  printf 'def edited():\n    return 3\n' > repo/m.py
  rm repo/n.py
  printf 'def staged():\n    return 4\n' > repo/staged.py
  git -C repo add staged.py
  printf 'def untracked():\n    return 5\n' > repo/untracked.py
  every_definition repo
  assert_equal "$(printf '%s\n' "$output" | jq -c 'del(.source, .repo)')" "$from_work_tree"
}

@test "several repositories in one run, in the order given" {
  for r in alpha beta; do
    new_repo "$r"
    printf 'def in_%s():\n    return 1\n' "$r" > "$r/m.py"
    printf 'def also_%s():\n    return 2\n' "$r" > "$r/n.py"
    commit_all "$r"
  done
  run --separate-stderr seed-gitextract --min 0 --min-lines 0 beta alpha
  assert_success
  assert_equal "$(printf '%s\n' "$output" | jq -r '"\(.source) \(.name)"')" "beta in_beta
beta also_beta
alpha in_alpha
alpha also_alpha"
  expect_stderr_line "seed-gitextract: 2 repositories, 4 files, kept 4 of 4 definitions"
}

@test "a URL is cloned once into the --cache folder and fetched on later runs" {
  new_repo origin
  printf 'def first():\n    return 1\n' > origin/m.py
  commit_all origin
  url="file://$WORK/origin"
  run --separate-stderr seed-gitextract --cache cache --rev main --min 0 --min-lines 0 "$url"
  assert_success
  assert_equal "$(printf '%s\n' "$output" | jq -c '[.source, .repo, .commit, .name]')" \
    '["origin","'"$url"'","'"$(git -C origin rev-parse HEAD)"'","first"]'
  run compgen -G 'cache/origin-????????????.git'
  assert_success
  [ "${#lines[@]}" -eq 1 ]
  [ "$(git -C "${lines[0]}" rev-parse --is-bare-repository)" = true ]
  # A new commit upstream is fetched into the same clone.
  printf 'def second():\n    return 2\n' >> origin/m.py
  commit_all origin
  run --separate-stderr seed-gitextract --cache cache --rev main --min 0 --min-lines 0 "$url"
  assert_success
  assert_equal "$(printf '%s\n' "$output" | jq -r '"\(.name) \(.commit)"')" "first $(git -C origin rev-parse HEAD)
second $(git -C origin rev-parse HEAD)"
  [ "$(ls cache | wc -l)" -eq 1 ]
  # A failed clone is an error, exit 1, and leaves nothing in the cache.
  run --separate-stderr seed-gitextract --cache cache -o out.jsonl "file://$WORK/nowhere"
  assert_failure 1
  assert_regex "$stderr" "^seed-gitextract: file://$WORK/nowhere: cannot clone \(.*\)$"
  [ "$(ls cache | wc -l)" -eq 1 ]
  no_files_like 'out.jsonl*'
}

@test "a URL's HEAD is the HEAD of the repository it names, whatever its default branch" {
  for branch in main trunk; do
    git init -q -b "$branch" "origin-$branch"
    printf 'def on_%s():\n    return 1\n' "$branch" > "origin-$branch/m.py"
    commit_all "origin-$branch"
    run --separate-stderr seed-gitextract --cache cache --min 0 --min-lines 0 "file://$WORK/origin-$branch"
    assert_success
    assert_equal "$(printf '%s\n' "$output" | jq -r .name)" "on_$branch"
  done
}

@test "the output is the same whatever the number of threads" {
  new_repo repo
  python3 - <<'EOF'
import os
for d in range(12):
    os.makedirs(f"repo/p{d}", exist_ok=True)
    for f in range(25):
        with open(f"repo/p{d}/m{f}.py", "w") as out:
            for i in range(d + f % 4):
                out.write(f"def f_{d}_{f}_{i}(x):\n    return x + {i}\n\n\n")
EOF
  commit_all repo
  seed-gitextract -q -j 1 --min 0 --min-lines 0 repo > one.jsonl
  [ "$(wc -l < one.jsonl)" -gt 1000 ]
  for jobs in 2 3 8; do
    seed-gitextract -q -j "$jobs" --min 0 --min-lines 0 repo > many.jsonl
    cmp one.jsonl many.jsonl
  done
}

@test "not a repository, a missing path, a bad revision, an empty repository: exit 1, nothing written" {
  new_repo repo
  printf 'def f():\n    return 1\n' > repo/m.py
  commit_all repo
  mkdir plain
  new_repo empty
  run --separate-stderr seed-gitextract -o out.jsonl repo plain
  assert_failure 1
  [ -z "$output" ]
  expect_stderr_line "seed-gitextract: plain: not a git repository (could not find repository from 'plain')"
  run --separate-stderr seed-gitextract repo missing
  assert_failure 1
  [ -z "$output" ]
  expect_stderr_line "seed-gitextract: missing: not a git repository (failed to resolve path 'missing': No such file or directory)"
  run --separate-stderr seed-gitextract --rev nope repo
  assert_failure 1
  expect_stderr_line "seed-gitextract: repo: no revision 'nope' (revspec 'nope' not found)"
  run --separate-stderr seed-gitextract --rev HEAD~1 repo
  assert_failure 1
  assert_regex "$stderr" "^seed-gitextract: repo: no revision 'HEAD~1' \(.*\)$"
  run --separate-stderr seed-gitextract --rev 'HEAD^{tree}' repo
  assert_failure 1
  assert_regex "$stderr" "^seed-gitextract: repo: 'HEAD\^\{tree\}' is not a commit \(.*\)$"
  run --separate-stderr seed-gitextract -o out.jsonl empty
  assert_failure 1
  expect_stderr_line "seed-gitextract: empty: empty repository: it has no commits"
  # A subfolder of a work tree is not a repository: no search upwards.
  mkdir repo/sub
  run --separate-stderr seed-gitextract repo/sub
  assert_failure 1
  no_files_like 'out.jsonl*'
  run --separate-stderr seed-gitextract -q -o out.jsonl repo
  assert_success
  [ -z "$output" ]
  [ -z "$stderr" ]
  [ -f out.jsonl ] && [ ! -s out.jsonl ]  # f is too small for the default bounds
}

@test "a corrupt or missing object is an error naming the object; -o leaves nothing" {
  new_repo repo
  printf 'def f():\n    return 1\n' > repo/a.py
  printf 'def g():\n    return 2\n' > repo/b.py
  commit_all repo
  missing=$(git -C repo rev-parse HEAD:b.py)
  rm "repo/.git/objects/${missing:0:2}/${missing:2}"
  run --separate-stderr seed-gitextract --min 0 --min-lines 0 -o out.jsonl repo
  assert_failure 1
  expect_stderr_line "seed-gitextract: repo: cannot read object $missing (object not found - no match for id ($missing))"
  no_files_like 'out.jsonl*'
  corrupt=$(git -C repo rev-parse HEAD:a.py)
  chmod u+w "repo/.git/objects/${corrupt:0:2}/${corrupt:2}"
  printf 'not zlib' > "repo/.git/objects/${corrupt:0:2}/${corrupt:2}"
  run --separate-stderr seed-gitextract -o out.jsonl repo
  assert_failure 1
  assert_regex "$stderr" "^seed-gitextract: repo: cannot read object $corrupt \(.*\)$"
  no_files_like 'out.jsonl*'
}

@test "usage errors exit 2: no repository, bad option values" {
  new_repo repo
  printf 'def f():\n    return 1\n' > repo/m.py
  commit_all repo
  run --separate-stderr seed-gitextract
  assert_failure 2
  expect_stderr_line "seed-gitextract: no repository given
Try 'seed-gitextract --help' for more information."
  run --separate-stderr seed-gitextract --granularity some repo
  assert_failure 2
  expect_stderr_line "seed-gitextract: --granularity: expected 'fit' or 'all', not 'some'
Try 'seed-gitextract --help' for more information."
  run --separate-stderr seed-gitextract --mode lines repo
  assert_failure 2
  expect_stderr_line "seed-gitextract: --mode: expected 'definitions' or 'files', not 'lines'
Try 'seed-gitextract --help' for more information."
  run --separate-stderr seed-gitextract --lang python,cobol repo
  assert_failure 2
  expect_stderr_line "seed-gitextract: --lang: unknown language 'cobol'
Try 'seed-gitextract --help' for more information."
  run --separate-stderr seed-gitextract --min-lines x repo
  assert_failure 2
  expect_stderr_line "seed-gitextract: --min-lines: not a non-negative integer: 'x'
Try 'seed-gitextract --help' for more information."
  run --separate-stderr seed-gitextract --min 300 --max 200 repo
  assert_failure 2
  expect_stderr_line "seed-gitextract: --min 300 is greater than --max 200
Try 'seed-gitextract --help' for more information."
  run --separate-stderr seed-gitextract --min-lines 9 --max-lines 8 repo
  assert_failure 2
  expect_stderr_line "seed-gitextract: --min-lines 9 is greater than --max-lines 8
Try 'seed-gitextract --help' for more information."
  for jobs in 0 1025 x; do
    run --separate-stderr seed-gitextract -j "$jobs" repo
    assert_failure 2
  done
  for empty in --rev --include --exclude --lang --cache; do
    run --separate-stderr seed-gitextract "$empty" '' repo
    assert_failure 2
  done
  no_files_like 'out.jsonl*'
}

@test "-o writes the file on success only; | head ends the run quietly with status 0" {
  new_repo repo
  python3 -c '
for i in range(3000):
    print(f"def function_{i}(value):\n    return value + {i}\n\n")' > repo/many.py
  commit_all repo
  run --separate-stderr seed-gitextract -o out.jsonl --min 0 --min-lines 0 repo
  assert_success
  [ -z "$output" ]
  [ "$(wc -l < out.jsonl)" -eq 3000 ]
  run --separate-stderr bash -c 'set -o pipefail; seed-gitextract -q --min 0 --min-lines 0 repo | head -n 1'
  assert_success
  assert_equal "$(printf '%s\n' "$output" | jq -r .name)" "function_0"
  [ -z "$stderr" ]
}
