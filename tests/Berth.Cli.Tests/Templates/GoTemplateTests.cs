using Berth.Cli.Templates;
using Berth.Cli.Values;

namespace Berth.Cli.Tests.Templates;

/// <summary>Template semantics from Go's text/template (exec_test.go style): template, data, expected output.</summary>
public class GoTemplateTests
{
    private const string Doc = """
    {"Str":"hello","Empty":"","Num":7,"Zero":0,"Neg":-3,"Float":1.5,"Big":1000000,"True":true,"False":false,"Nil":null,
     "List":["a","b","c"],"EmptyList":[],"Map":{"k1":"v1","k2":"v2","z":"last"},"EmptyMap":{},
     "Nested":{"Inner":{"Deep":"bottom"},"Items":[{"Name":"x","N":1},{"Name":"y","N":2}]},"Html":"<a href=\"x\">&</a>"}
    """;

    public static IEnumerable<object[]> Cases() =>
    [
        // text, fields, nesting
        ["plain text", "plain text"],
        ["{{.Str}}", "hello"],
        ["{{.Nested.Inner.Deep}}", "bottom"],
        ["{{.Num}}", "7"],
        ["{{.Float}}", "1.5"],
        ["{{.Big}}", "1e+06"],
        ["{{.True}} {{.False}}", "true false"],
        ["{{.Nil}}", "<no value>"],
        ["{{.Missing}}", "<no value>"],
        ["{{.Missing.Deeper}}", "<no value>"],
        ["{{.List}}", "[a b c]"],
        ["{{.EmptyList}}", "[]"],
        ["{{.Map}}", "map[k1:v1 k2:v2 z:last]"],
        ["{{.Map.k2}}", "v2"],
        ["{{.Nested.Items}}", "[map[N:1 Name:x] map[N:2 Name:y]]"],
        ["{{.}}", "map[Big:1e+06 Empty: EmptyList:[] EmptyMap:map[] False:false Float:1.5 Html:<a href=\"x\">&</a> List:[a b c] Map:map[k1:v1 k2:v2 z:last] Neg:-3 Nested:map[Inner:map[Deep:bottom] Items:[map[N:1 Name:x] map[N:2 Name:y]]] Nil:<nil> Num:7 Str:hello True:true Zero:0]"],
        // literals
        ["{{\"quoted\"}}", "quoted"],
        ["{{`raw\\n`}}", "raw\\n"],
        ["{{1}} {{-1}} {{0x10}} {{1.5}} {{1e3}} {{'a'}}", "1 -1 16 1.5 1000 97"],
        ["{{true}} {{false}}", "true false"],
        // whitespace trimming and comments
        ["a {{- .Str -}} b", "ahellob"],
        ["a  {{- /* comment */ -}}  b", "ab"],
        ["x{{/* comment */}}y", "xy"],
        ["{{- .Str}}\n", "hello\n"],
        // if / else / with
        ["{{if .True}}yes{{end}}", "yes"],
        ["{{if .False}}yes{{else}}no{{end}}", "no"],
        ["{{if .Empty}}a{{else if .Str}}b{{else}}c{{end}}", "b"],
        ["{{if .Zero}}a{{else}}zero{{end}}", "zero"],
        ["{{if .EmptyList}}a{{else}}empty{{end}}", "empty"],
        ["{{if .EmptyMap}}a{{else}}empty{{end}}", "empty"],
        ["{{if .Missing}}a{{else}}missing{{end}}", "missing"],
        ["{{with .Nested.Inner}}{{.Deep}}{{end}}", "bottom"],
        ["{{with .Empty}}x{{else}}none{{end}}", "none"],
        ["{{with .Empty}}x{{else with .Str}}{{.}}{{end}}", "hello"],
        // range
        ["{{range .List}}<{{.}}>{{end}}", "<a><b><c>"],
        ["{{range $i, $e := .List}}{{$i}}={{$e}} {{end}}", "0=a 1=b 2=c "],
        ["{{range $k, $v := .Map}}{{$k}}:{{$v}};{{end}}", "k1:v1;k2:v2;z:last;"],
        ["{{range .EmptyList}}x{{else}}empty{{end}}", "empty"],
        ["{{range .Missing}}x{{else}}none{{end}}", "none"],
        ["{{range .Nested.Items}}{{.Name}}{{.N}}{{end}}", "x1y2"],
        ["{{range $e := .List}}{{if eq $e \"b\"}}{{break}}{{end}}{{$e}}{{end}}", "a"],
        ["{{range .List}}{{if eq . \"b\"}}{{continue}}{{end}}{{.}}{{end}}", "ac"],
        ["{{range 3}}{{.}}{{end}}", "012"],
        ["{{range .List}}{{$.Str}}{{end}}", "hellohellohello"],
        // variables
        ["{{$x := .Str}}{{$x}}", "hello"],
        ["{{$x := 1}}{{$x = 2}}{{$x}}", "2"],
        ["{{$x := .Nested}}{{$x.Inner.Deep}}", "bottom"],
        ["{{with $x := .Str}}{{$x}}{{end}}", "hello"],
        // pipelines and parentheses
        ["{{.Str | printf \"%s!\"}}", "hello!"],
        ["{{.Str | upper | lower}}", "hello"],
        ["{{(index .List 1)}}", "b"],
        ["{{(.Nested).Inner.Deep}}", "bottom"],
        ["{{printf \"%d-%d\" 1 (len .List)}}", "1-3"],
        // builtins
        ["{{len .Str}} {{len .List}} {{len .Map}}", "5 3 3"],
        ["{{index .List 0}}{{index .Map \"k1\"}}", "av1"],
        ["{{index .Map \"nope\"}}", "<no value>"],
        ["{{index .Nested.Items 1 \"Name\"}}", "y"],
        ["{{slice .Str 1 3}} {{slice .List 1}}", "el [b c]"],
        ["{{print \"a\" 1 2 \"b\"}}", "a1 2b"],
        ["{{println \"a\" 1}}", "a 1\n"],
        ["{{not .True}} {{not .Empty}}", "false true"],
        ["{{and .Str .Num}} {{and .Empty .Num}}", "7 "],
        ["{{or .Empty .Str}} {{or .Zero .False}}", "hello false"],
        ["{{html .Html}}", "&lt;a href=&#34;x&#34;&gt;&amp;&lt;/a&gt;"],
        ["{{js \"it's\"}}", "it\\'s"],
        ["{{urlquery \"a b&c\"}}", "a+b%26c"],
        // comparisons
        ["{{eq .Str \"hello\"}} {{ne .Str \"x\"}}", "true true"],
        ["{{eq .Num 7.0}} {{eq (len .List) 1 2 3}}", "true true"],
        // numbers decoded from JSON are float64: comparing them with an int literal is an error in Go too
        ["{{eq 1 1}} {{ne 1 2}}", "true true"],
        ["{{lt .Num 10.0}} {{le 7 7}} {{gt 2 1}} {{ge 1 2}}", "true true true false"],
        ["{{lt \"a\" \"b\"}}", "true"],
        ["{{eq .Missing \"x\"}}", "false"],
        ["{{eq .Float 1.5}}", "true"],
        // printf verbs
        ["{{printf \"%s|%v|%q\" .Str .Num .Str}}", "hello|7|\"hello\""],
        ["{{printf \"%-8s|\" .Str}}", "hello   |"],
        ["{{printf \"%8s|\" .Str}}", "   hello|"],
        ["{{printf \"%05d\" 42}}", "00042"],
        ["{{printf \"%x %X %o %b\" 255 255 8 5}}", "ff FF 10 101"],
        ["{{printf \"%.2f %e %g\" 3.14159 1234.5 0.5}}", "3.14 1.234500e+03 0.5"],
        ["{{printf \"%t %c %U\" true 65 65}}", "true A U+0041"],
        ["{{printf \"%5.1f|%-6d|%+d\" 3.14159 42 3}}", "  3.1|42    |+3"],
        ["{{printf \"%d\" .Str}}", "%!d(string=hello)"],
        ["{{printf \"%s %s\" .Str}}", "hello %!s(MISSING)"],
        ["{{printf \"%s\" .Str .Num}}", "hello%!(EXTRA float64=7)"],
        ["{{printf \"%T %T %T\" .Str .List .Map}}", "string []interface {} map[string]interface {}"],
        ["{{printf \"%v\" .List}}", "[a b c]"],
        ["{{printf \"%q\" .List}}", "[\"a\" \"b\" \"c\"]"],
        ["{{printf \"%%\"}}", "%"],
        ["{{printf \"%.3s\" .Str}}", "hel"],
        // docker's functions
        ["{{json .List}} {{json .Map}} {{json .Str}}", "[\"a\",\"b\",\"c\"] {\"k1\":\"v1\",\"k2\":\"v2\",\"z\":\"last\"} \"hello\""],
        ["{{json .Html}}", "\"<a href=\\\"x\\\">&</a>\""],
        ["{{json .Nil}} {{json .Num}} {{json .Float}}", "null 7 1.5"],
        ["{{join (split \"a,b,c\" \",\") \"-\"}}", "a-b-c"],
        ["{{split \"a:b\" \":\"}}", "[a b]"],
        ["{{title \"hello world\"}} {{upper \"x\"}} {{lower \"Y\"}}", "Hello World X y"],
        ["{{pad .Str 2 1}}|{{pad .Empty 2 1}}|", "  hello ||"],
        ["{{truncate .Str 3}} {{truncate .Str 10}}", "hel hello"],
        ["state: {{- pad .Str 1 0}}", "state: hello"],
    ];

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExecutesLikeGo(string template, string expected)
    {
        var data = TestData.Untyped(Doc);
        Assert.Equal(expected, GoTemplate.Parse(template).Execute(data));
    }

    public static IEnumerable<object[]> TypedCases() =>
    [
        ["{{.State.Status}}", "running"],
        ["{{.State}}", "{running true false false false false 13950 0  2026-11-29T17:22:16.902882509Z 0001-01-01T00:00:00Z <nil>}"],
        ["{{.Config.Env}}", "[A=1 PATH=/bin]"],
        ["{{.Config.Entrypoint}}", "[]"],
        ["{{.HostConfig.Binds}}", "[]"],
        ["{{.HostConfig.CapAdd}}", "[]"],
        ["{{.State.Health}}", "<nil>"],
        ["{{.SizeRw}}", "<nil>"],
        ["{{.NetworkSettings.Ports}}", "map[]"],
        ["{{.Config.Labels}}", "map[com.example.vendor:acme x:y]"],
        ["{{index .Config.Labels \"x\"}}", "y"],
        ["{{.Config.Labels.nope}}", "<no value>"],
        ["{{.HostConfig.Memory}} {{.HostConfig.NanoCPUs}}", "536870912 1500000000"],
        ["{{.Name}} {{.RestartCount}} {{.State.Pid}}", "/t2 0 13950"],
        ["{{json .State}}", "{\"Status\":\"running\",\"Running\":true,\"Paused\":false,\"Restarting\":false,\"OOMKilled\":false,\"Dead\":false,\"Pid\":13950,\"ExitCode\":0,\"Error\":\"\",\"StartedAt\":\"2026-11-29T17:22:16.902882509Z\",\"FinishedAt\":\"0001-01-01T00:00:00Z\"}"],
        ["{{json .Config.Labels}}", "{\"com.example.vendor\":\"acme\",\"x\":\"y\"}"],
        ["{{json .Config.Cmd}} {{json .Config.Entrypoint}}", "[\"sleep\",\"1000\"] null"],
        ["{{range .Mounts}}{{.Name}}:{{.Destination}}:{{.RW}}{{end}}", "v1:/data:true"],
        ["{{range $n, $c := .NetworkSettings.Networks}}{{$n}}={{$c.IPAddress}}{{end}}", "bridge=172.17.0.2"],
        ["{{.HostConfig.RestartPolicy.Name}}", "no"],
        ["{{if .State.Running}}up{{end}}", "up"],
        ["{{len .Config.Env}}", "2"],
        ["{{.ID}}", "4a347e5684d0fa4b8d6bc9203de0e3ee8ef43b0043b549ac52261c301e0cd6e2"],
    ];

    [Theory]
    [MemberData(nameof(TypedCases))]
    public void ExecutesOnTypedApiValues(string template, string expected) =>
        Assert.Equal(expected, GoTemplate.Parse(template).Execute(TestData.Container()));

    public static IEnumerable<object[]> ParseErrors() =>
    [
        ["{{.Name", "template: :1: unclosed action"],
        ["{{foo}}", "template: :1: function \"foo\" not defined"],
        ["{{if .X}}", "template: :1: unexpected EOF"],
        ["{{end}}", "template: :1: unexpected {{end}}"],
        ["{{$x}}", "template: :1: undefined variable \"$x\""],
        ["{{.X | 1}}", "template: :1: non executable command in pipeline stage 2"],
        ["{{if}}{{end}}", "template: :1: missing value for if"],
        ["{{\"unterminated}}", "template: :1: unterminated quoted string"],
        ["{{break}}", "template: :1: {{break}} outside {{range}}"],
        ["a\n{{.X}\n", "template: :2: bad character U+007D '}'"],
        ["{{3x}}", "template: :1: bad number syntax: \"3x\""],
    ];

    [Theory]
    [MemberData(nameof(ParseErrors))]
    public void ParseErrorsUseGoWording(string template, string message)
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse(template));
        Assert.Equal(message, e.Message);
    }

    public static IEnumerable<object[]> ExecErrors() =>
    [
        ["{{.Str.Foo}}", "template: :1:6: executing \"\" at <.Str.Foo>: can't evaluate field Foo in type string"],
        ["{{index .List 5}}", "template: :1:2: executing \"\" at <index .List 5>: error calling index: index out of range: 5"],
        ["{{len .Num}}", "template: :1:2: executing \"\" at <len .Num>: error calling len: len of type float64"],
        ["{{lt .Num 1}}", "template: :1:2: executing \"\" at <lt .Num 1>: error calling lt: incompatible types for comparison"],
        ["{{lt .Str 1}}", "template: :1:2: executing \"\" at <lt .Str 1>: error calling lt: incompatible types for comparison"],
        ["x\n  {{join .Str \",\"}}", "template: :2:9: executing \"\" at <.Str>: wrong type for value; expected []string; got string"],
        ["{{upper 1}}", "template: :1:8: executing \"\" at <1>: expected string; found 1"],
        ["{{printf}}", "template: :1:2: executing \"\" at <printf>: wrong number of args for printf: want at least 1 got 0"],
        ["{{.Str 1}}", "template: :1:2: executing \"\" at <.Str>: Str is not a method but has arguments"],
        ["{{nil}}", "template: :1:2: executing \"\" at <nil>: nil is not a command"],
        ["{{range .Num}}{{end}}", "template: :1:8: executing \"\" at <.Num>: range can't iterate over 7"],
    ];

    [Theory]
    [MemberData(nameof(ExecErrors))]
    public void ExecutionErrorsNameThePosition(string template, string message)
    {
        var tmpl = GoTemplate.Parse(template);
        var e = Assert.Throws<TemplateException>(() => tmpl.Execute(TestData.Untyped(Doc)));
        Assert.Equal(message, e.Message);
    }

    [Fact]
    public void MissingKeyErrorOptionReportsMapKey()
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{.Config.Foo}}").Execute(TestData.Untyped("{\"Config\":{}}"), missingKeyError: true));
        Assert.Equal("template: :1:9: executing \"\" at <.Config.Foo>: map has no entry for key \"Foo\"", e.Message);
    }

    [Fact]
    public void UnknownStructFieldNamesTheGoType()
    {
        var e = Assert.Throws<TemplateException>(() => GoTemplate.Parse("{{.Nope}}").Execute(TestData.Container()));
        Assert.Equal("template: :1:2: executing \"\" at <.Nope>: can't evaluate field Nope in type container.InspectResponse", e.Message);
    }

    [Fact]
    public void PartialOutputStaysWhenExecutionFails()
    {
        var sb = new System.Text.StringBuilder();
        Assert.Throws<TemplateException>(() => GoTemplate.Parse("ab{{.Str.X}}").Execute(sb, TestData.Untyped(Doc)));
        Assert.Equal("ab", sb.ToString());
    }

    [Fact]
    public void DefineAndTemplateInvoke()
    {
        var t = GoTemplate.Parse("{{define \"T\"}}<{{.}}>{{end}}{{template \"T\" .Str}}");
        Assert.Equal("<hello>", t.Execute(TestData.Untyped(Doc)));
    }

    [Fact]
    public void HeaderFunctionsReturnTheirFirstArgument()
    {
        var t = GoTemplate.Parse("{{json .ID}}|{{upper .Name}}|{{truncate .Name 2}}").WithFunctions(TemplateFunctions.Header);
        var header = new HeaderContext(new Dictionary<string, string> { ["ID"] = "CONTAINER ID", ["Name"] = "NAME" });
        Assert.Equal("CONTAINER ID|NAME|NAME", t.Execute(header));
    }

    [Fact]
    public void HeaderLabelMethodTakesTheLastComponent()
    {
        var header = new HeaderContext(new Dictionary<string, string>());
        Assert.Equal("vendor name", GoTemplate.Parse("{{.Label \"com.example.vendor-name\"}}").Execute(header));
    }
}
