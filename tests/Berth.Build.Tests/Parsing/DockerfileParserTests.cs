using Berth.Build.Instructions;
using Berth.Build.Parsing;

namespace Berth.Build.Tests.Parsing;

public sealed class DockerfileParserTests
{
    private static DockerfileDocument Parse(string text) => DockerfileParser.Parse(text);

    [Fact]
    public void Joins_continuation_lines_and_drops_comments_between_them()
    {
        var doc = Parse("FROM busybox\nRUN echo hello \\\n# comment\nworld\n");
        Assert.Equal(2, doc.Nodes.Count);
        Assert.Equal("RUN echo hello world", doc.Nodes[1].Original);
        Assert.Equal(["echo hello world"], doc.Nodes[1].Args);
        Assert.Equal(2, doc.Nodes[1].Location.Line);
        Assert.Equal(4, doc.Nodes[1].Location.EndLine);
    }

    [Fact]
    public void Leading_whitespace_is_ignored_and_kept_in_arguments()
    {
        var doc = Parse("   FROM busybox\n  RUN echo \"\\\n     hello\\\n     world\"\n");
        Assert.Equal("echo \"     hello     world\"", doc.Nodes[1].Args[0]);
        Assert.Equal(3, doc.Nodes[1].Location.Column);
    }

    [Fact]
    public void Reads_directives_only_at_the_top()
    {
        var doc = Parse("# syntax=docker/dockerfile:1\n#  ESCAPE = `\n# check=skip=JSONArgsRecommended;error=true\n\nFROM x\nRUN a `\n b\n# escape=\\\n");
        Assert.Equal('`', doc.EscapeToken);
        Assert.Equal("docker/dockerfile:1", doc.Directives.Syntax);
        Assert.Contains("JSONArgsRecommended", doc.Directives.SkippedChecks);
        Assert.True(doc.Directives.ChecksAreErrors);
        Assert.Equal("a  b", doc.Nodes[1].Args[0]);
    }

    [Fact]
    public void A_comment_ends_the_directive_block()
    {
        var doc = Parse("# About my dockerfile\n# escape=`\nFROM x\n");
        Assert.Equal('\\', doc.EscapeToken);
    }

    [Fact]
    public void Duplicate_directive_is_an_error_with_its_line()
    {
        var e = Assert.Throws<BuildException>(() => Parse("# escape=\\\n# escape=`\nFROM x\n"));
        Assert.Equal(2, e.Location!.Value.Line);
        Assert.Contains("only one escape parser directive", e.Message);
    }

    [Fact]
    public void Exec_form_is_json_and_shell_form_is_one_string()
    {
        var doc = Parse("FROM x\nCMD [\"echo\", \"hi\"]\nCMD echo hi\nCMD [\"unterminated\"\n");
        Assert.True(doc.Nodes[1].IsJson);
        Assert.Equal(["echo", "hi"], doc.Nodes[1].Args);
        Assert.False(doc.Nodes[2].IsJson);
        Assert.Equal(["echo hi"], doc.Nodes[2].Args);
        Assert.False(doc.Nodes[3].IsJson);
    }

    [Fact]
    public void Json_with_non_strings_is_an_error()
    {
        var e = Assert.Throws<BuildException>(() => Parse("FROM x\nCMD [\"a\", 1]\n"));
        Assert.Contains("arrays must be comprised of strings only", e.Message);
        Assert.Equal(2, e.Location!.Value.Line);
    }

    [Fact]
    public void Flags_are_split_from_arguments()
    {
        var doc = Parse("FROM x\nCOPY --from=build --chown=1:1 a b /dst/\n");
        Assert.Equal(["--from=build", "--chown=1:1"], doc.Nodes[1].Flags);
        Assert.Equal(["a", "b", "/dst/"], doc.Nodes[1].Args);
    }

    [Fact]
    public void Env_pairs_keep_quotes_for_expansion_and_legacy_form_takes_the_rest()
    {
        var doc = Parse("FROM x\nENV MY_NAME=\"John Doe\" MY_DOG=Rex\\ The\\ Dog\nENV ONE TWO= THREE=world\n");
        Assert.Equal(new KeyValueArg("MY_NAME", "\"John Doe\"", true), doc.Nodes[1].KeyValues[0]);
        Assert.Equal(new KeyValueArg("MY_DOG", "Rex\\ The\\ Dog", true), doc.Nodes[1].KeyValues[1]);
        Assert.Equal(new KeyValueArg("ONE", "TWO= THREE=world", false), doc.Nodes[2].KeyValues[0]);
    }

    [Fact]
    public void Heredocs_take_the_following_lines()
    {
        var doc = Parse("FROM x\nRUN <<EOF\necho one\necho two\nEOF\nRUN <<-\"EOT\" cat > /f && <<B cat > /g\n\tindented $X\n\tEOT\nb\nB\nCOPY <<EOF /dest\ncontent\nEOF\n");
        var run = doc.Nodes[1];
        Assert.Single(run.Heredocs);
        Assert.Equal("EOF", run.Heredocs[0].Name);
        Assert.Equal("echo one\necho two\n", run.Heredocs[0].Content);
        Assert.True(run.Heredocs[0].Expand);
        var two = doc.Nodes[2];
        Assert.Equal(2, two.Heredocs.Count);
        Assert.False(two.Heredocs[0].Expand);
        Assert.True(two.Heredocs[0].Chomp);
        Assert.Equal("indented $X\n", two.Heredocs[0].EffectiveContent);
        Assert.Equal("b\n", two.Heredocs[1].Content);
        Assert.Equal("copy", doc.Nodes[3].Keyword);
        Assert.Equal(4, doc.Nodes.Count);
    }

    [Fact]
    public void Unterminated_heredoc_names_its_line()
    {
        var e = Assert.Throws<BuildException>(() => Parse("FROM x\nRUN <<EOF\necho\n"));
        Assert.Contains("unterminated heredoc", e.Message);
        Assert.Equal(2, e.Location!.Value.Line);
    }

    [Fact]
    public void Empty_file_is_an_error()
    {
        var e = Assert.Throws<BuildException>(() => Parse("# only a comment\n\n"));
        Assert.Contains("file with no instructions", e.Message);
    }

    [Fact]
    public void Unknown_instruction_is_reported_with_file_line_and_column()
    {
        var doc = DockerfileParser.Parse("FROM x\n  FOOBAR y\n", "sub/Dockerfile.dev");
        var e = Assert.Throws<BuildException>(() => InstructionParser.Parse(doc));
        Assert.Equal("sub/Dockerfile.dev:2:3: unknown instruction: FOOBAR", e.Message);
    }

    [Fact]
    public void Onbuild_wraps_an_instruction()
    {
        var doc = Parse("FROM x\nONBUILD RUN echo hi\n");
        Assert.Equal("run", doc.Nodes[1].Child!.Keyword);
        var plan = InstructionParser.Parse(doc);
        var onbuild = Assert.IsType<OnbuildInstruction>(plan.Stages[0].Instructions[0]);
        Assert.Equal("RUN echo hi", onbuild.Expression);
    }

    [Theory]
    [InlineData("ONBUILD ONBUILD RUN x", "Chaining ONBUILD")]
    [InlineData("ONBUILD FROM x", "FROM isn't allowed as an ONBUILD trigger")]
    [InlineData("COPY onlyone", "COPY requires at least two arguments")]
    [InlineData("WORKDIR", "WORKDIR requires exactly one argument")]
    [InlineData("SHELL /bin/sh -c", "SHELL requires the arguments to be in JSON form")]
    [InlineData("HEALTHCHECK --interval=0s CMD true", "cannot be less than 1ms")]
    [InlineData("HEALTHCHECK NONE x", "HEALTHCHECK NONE takes no arguments")]
    [InlineData("COPY --bogus=1 a b", "unknown flag: bogus")]
    [InlineData("RUN --mount=type=nope,target=/x true", "unsupported mount type")]
    [InlineData("ENV", "ENV requires at least one argument")]
    [InlineData("LABEL a", "LABEL must have two arguments")]
    [InlineData("EXPOSE", "EXPOSE requires at least one argument")]
    public void Instruction_errors_are_located(string line, string message)
    {
        var e = Assert.Throws<BuildException>(() =>
        {
            var doc = Parse("FROM x\n" + line + "\n");
            var plan = InstructionParser.Parse(doc);
            foreach (var i in plan.Stages[0].Instructions)
                if (i is RunInstruction r) foreach (var m in r.Mounts) RunMountParser.Parse(m, s => s);
        });
        Assert.Contains(message, e.Message);
        Assert.Equal(2, e.Location!.Value.Line);
    }

    [Fact]
    public void Stages_and_meta_args()
    {
        var plan = InstructionParser.Parse(Parse("ARG V=1\nFROM busybox:$V AS Base\nRUN a\nFROM base\nCOPY --from=Base /a /b\n"));
        Assert.Single(plan.MetaArgs);
        Assert.Equal(2, plan.Stages.Count);
        Assert.Equal("base", plan.Stages[0].Name);
        Assert.Same(plan.Stages[0], plan.Find("BASE"));
        Assert.Same(plan.Stages[1], plan.Find("1"));
    }

    [Fact]
    public void Instruction_before_from_is_an_error()
    {
        var e = Assert.Throws<BuildException>(() => InstructionParser.Parse(Parse("RUN x\nFROM y\n")));
        Assert.Equal(1, e.Location!.Value.Line);
    }

    [Fact]
    public void Duplicate_stage_names_are_rejected()
    {
        var e = Assert.Throws<BuildException>(() => InstructionParser.Parse(Parse("FROM a AS x\nFROM b AS X\n")));
        Assert.Contains("duplicate stage name", e.Message);
        Assert.Equal(2, e.Location!.Value.Line);
    }

    [Fact]
    public void Copy_heredoc_sources_become_inline_files()
    {
        var plan = InstructionParser.Parse(Parse("FROM x\nCOPY <<EOF <<-X /dst/\nhello\nEOF\n\tworld\nX\n"));
        var copy = Assert.IsType<CopyInstruction>(plan.Stages[0].Instructions[0]);
        Assert.Empty(copy.Sources);
        Assert.Equal(2, copy.InlineSources.Count);
        Assert.Equal("hello\n", copy.InlineSources[0].Data);
        Assert.Equal("world\n", copy.InlineSources[1].Data);
        Assert.Equal("/dst/", copy.Destination);
    }

    [Fact]
    public void Healthcheck_options()
    {
        var plan = InstructionParser.Parse(Parse("FROM x\nHEALTHCHECK --interval=5m --timeout=3s --retries=3 CMD curl -f http://localhost/ || exit 1\n"));
        var h = Assert.IsType<HealthcheckInstruction>(plan.Stages[0].Instructions[0]);
        Assert.Equal(["CMD-SHELL", "curl -f http://localhost/ || exit 1"], h.Test);
        Assert.Equal(300_000_000_000L, h.Interval);
        Assert.Equal(3_000_000_000L, h.Timeout);
        Assert.Equal(3, h.Retries);
    }

    [Fact]
    public void Run_mount_values_parse()
    {
        var m = RunMountParser.Parse("type=cache,target=/root/.cache,sharing=locked,mode=0700,uid=1", s => s);
        Assert.Equal("cache", m.Type);
        Assert.Equal("/root/.cache", m.Target);
        Assert.Equal("locked", m.Sharing);
        Assert.Equal(0x1C0u, m.Mode);
        Assert.False(m.ReadOnly);
        var b = RunMountParser.Parse("target=/src,from=build,source=/out", s => s);
        Assert.Equal("bind", b.Type);
        Assert.True(b.ReadOnly);
        var t = RunMountParser.Parse("type=tmpfs,target=/t,size=64m", s => s);
        Assert.Equal(64L << 20, t.SizeLimit);
    }
}
