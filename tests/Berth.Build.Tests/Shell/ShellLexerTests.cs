using Berth.Build.Shell;

namespace Berth.Build.Tests.Shell;

public sealed class ShellLexerTests
{
    private static readonly VariableList Env = new(["str=foobarbaz", "empty=", "HOME=/root", "A=hello world", "path=/usr/local/bin"]);

    [Theory]
    [InlineData("$HOME", "/root")]
    [InlineData("${HOME}", "/root")]
    [InlineData("${HOME}_x", "/root_x")]
    [InlineData("\\$HOME", "$HOME")]
    [InlineData("\\${HOME}", "${HOME}")]
    [InlineData("'$HOME'", "$HOME")]
    [InlineData("\"$HOME\"", "/root")]
    [InlineData("$unset", "")]
    [InlineData("${unset:-word}", "word")]
    [InlineData("${empty:-word}", "word")]
    [InlineData("${empty-word}", "")]
    [InlineData("${unset-word}", "word")]
    [InlineData("${HOME:+word}", "word")]
    [InlineData("${empty:+word}", "")]
    [InlineData("${empty+word}", "word")]
    [InlineData("${unset+word}", "")]
    [InlineData("${str#f*b}", "arbaz")]
    [InlineData("${str##f*b}", "az")]
    [InlineData("${str%b*}", "foobar")]
    [InlineData("${str%%b*}", "foo")]
    [InlineData("${str/ba/fo}", "fooforbaz")]
    [InlineData("${str//ba/fo}", "fooforfoz")]
    [InlineData("${unset:-$HOME/x}", "/root/x")]
    [InlineData("a\\ b", "a b")]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"a\\nb\"", "a\\nb")]
    [InlineData("$", "$")]
    [InlineData("${path#/usr}", "/local/bin")]
    public void Expands_like_the_reference(string word, string expected) =>
        Assert.Equal(expected, new ShellLexer().ProcessWord(word, Env));

    [Theory]
    [InlineData("${HOME")]
    [InlineData("${}")]
    [InlineData("${:x}")]
    [InlineData("'open")]
    [InlineData("\"open")]
    [InlineData("${unset?}")]
    [InlineData("${empty:?must be set}")]
    [InlineData("${HOME:#x}")]
    public void Rejects_bad_words(string word) =>
        Assert.Throws<ShellSyntaxException>(() => new ShellLexer().ProcessWord(word, Env));

    [Fact]
    public void Unset_error_uses_the_given_message()
    {
        var e = Assert.Throws<ShellSyntaxException>(() => new ShellLexer().ProcessWord("${empty:?must be set}", Env));
        Assert.Contains("empty: must be set", e.Message);
    }

    [Fact]
    public void Words_split_on_whitespace_also_inside_variables()
    {
        var words = new ShellLexer().ProcessWords("$A \"quoted $A\" 'x y'", Env);
        Assert.Equal(["hello", "world", "quoted hello world", "x y"], words);
    }

    [Fact]
    public void Backtick_escape_applies_when_set()
    {
        Assert.Equal("a b", new ShellLexer('`').ProcessWord("a` b", Env));
        Assert.Equal("c:\\dir", new ShellLexer('`').ProcessWord("c:\\dir", Env));
    }

    [Fact]
    public void Reports_variables_used_and_unset()
    {
        var used = new HashSet<string>();
        var unset = new HashSet<string>();
        new ShellLexer().ProcessWord("$HOME ${nope:-x}", Env, used, unset);
        Assert.Contains("HOME", used);
        Assert.Contains("nope", unset);
    }
}
