using System.Text;
using Berth.Cli.Client;
using Berth.Cli.Formatting;
using Berth.Cli.Parsing;
using Berth.Cli.Templates;
using Berth.Cli.Values;

namespace Berth.Cli.Commands;

/// <summary>`berth version` and `berth info` (system info).</summary>
public static class SystemCommands
{
    public static void Register(Dictionary<string, CommandBinding> d)
    {
        d["version"] = new CommandBinding { Handler = Version, Args = ArgsRule.None };
        d["system info"] = new CommandBinding { Handler = Info, Args = ArgsRule.None };
    }

    private const string DefaultVersionTemplate = """
{{with .Client -}}
Client:{{if ne .Platform nil}}{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}{{end}}
 Version:	{{.Version}}
 API version:	{{.APIVersion}}{{if ne .APIVersion .DefaultAPIVersion}} (downgraded from {{.DefaultAPIVersion}}){{end}}
 Go version:	{{.GoVersion}}
 Git commit:	{{.GitCommit}}
 Built:	{{.BuildTime}}
 OS/Arch:	{{.Os}}/{{.Arch}}
 Context:	{{.Context}}
{{- end}}

{{- if ne .Server nil}}{{with .Server}}

Server:{{if ne .Platform.Name ""}} {{.Platform.Name}}{{end}}
 {{- range $component := .Components}}
 {{$component.Name}}:
  {{- if eq $component.Name "Engine" }}
  Version:	{{.Version}}
  API version:	{{index .Details "ApiVersion"}} (minimum version {{index .Details "MinAPIVersion"}})
  Go version:	{{index .Details "GoVersion"}}
  Git commit:	{{index .Details "GitCommit"}}
  Built:	{{index .Details "BuildTime"}}
  OS/Arch:	{{index .Details "Os"}}/{{index .Details "Arch"}}
  Experimental:	{{index .Details "Experimental"}}
  {{- else }}
  Version:	{{$component.Version}}
  {{- $detailsOrder := getDetailsOrder $component}}
  {{- range $key := $detailsOrder}}
  {{$key}}:	{{index $component.Details $key}}
   {{- end}}
  {{- end}}
 {{- end}}
 {{- end}}{{- end}}
""";

    private static GoStruct ClientVersion(CliContext cli, bool withApiVersion)
    {
        var v = GoSchema.New("system.clientVersion");
        v["Version"] = CliVersion.Version;
        v["DefaultAPIVersion"] = CliVersion.DefaultApiVersion;
        v["GoVersion"] = ".NET " + Environment.Version;
        v["GitCommit"] = CliVersion.GitCommit;
        v["BuildTime"] = BuildTime();
        v["Os"] = "linux";
        v["Arch"] = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture switch
        {
            System.Runtime.InteropServices.Architecture.X64 => "amd64",
            System.Runtime.InteropServices.Architecture.Arm64 => "arm64",
            var a => a.ToString().ToLowerInvariant(),
        };
        v["Context"] = "default";
        if (withApiVersion) v["APIVersion"] = cli.Client.ApiVersion;
        return v;
    }

    private static string BuildTime()
    {
        // the executable's modification time stands for the build time (docker prints time.ANSIC)
        try
        {
            var t = File.GetLastWriteTimeUtc(Environment.ProcessPath ?? "");
            return t.ToString("ddd MMM d HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture).Replace("  ", " ");
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>time.ANSIC: "Mon Jan _2 15:04:05 2006" (day padded with a space).</summary>
    private static string Ansic(string rfc3339)
    {
        if (!GoTimeFormat.TryParseRfc3339(rfc3339, out var t, out _)) return rfc3339;
        var local = TimeZoneInfo.ConvertTime(t, TimeZoneInfo.Local);
        return local.ToString("ddd MMM ", System.Globalization.CultureInfo.InvariantCulture)
            + local.Day.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(2)
            + local.ToString(" HH:mm:ss yyyy", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Version(CommandContext ctx)
    {
        string format = ctx.Flags.GetString("format");
        string templateText = format switch
        {
            "" => DefaultVersionTemplate,
            "json" => "{{json .}}",
            _ => format,
        };
        var functions = new Dictionary<string, TemplateFunction>(TemplateFunctions.Docker, StringComparer.Ordinal)
        {
            ["getDetailsOrder"] = new("getDetailsOrder", [ParamType.Any], false, a =>
            {
                var details = (a[0] as GoStruct)?.Map("Details");
                return GoSlice.Of(details?.Entries?.Keys.ToList() ?? new List<string>());
            }),
        };
        GoTemplate tmpl;
        try
        {
            tmpl = GoTemplate.Parse(templateText, functions, "version");
        }
        catch (TemplateException e)
        {
            throw new CliException("template parsing error: " + e.Message, 64);
        }
        var info = GoSchema.New("system.versionInfo");
        CliException? serverError = null;
        GoStruct? server = null;
        try
        {
            var json = ctx.Client.GetString("/version");
            server = GoJson.DecodeStruct(json, "types.Version");
        }
        catch (CliException e)
        {
            serverError = e;
        }
        info["Client"] = ClientVersion(ctx.Cli, withApiVersion: serverError is null || ctx.Client.ServerApiVersion is not null);
        if (serverError is not null) ((GoStruct)info["Client"]!)["APIVersion"] = CliVersion.DefaultApiVersion;
        if (server is not null)
        {
            bool foundEngine = false;
            foreach (var c in server.Slice("Components")?.Items?.OfType<GoStruct>() ?? [])
            {
                if (c.Str("Name") != "Engine") continue;
                foundEngine = true;
                if (c.Map("Details") is { } det && det.Get("BuildTime") is string bt) det.Set("BuildTime", Ansic(bt));
            }
            if (!foundEngine)
            {
                var comps = server.Slice("Components") ?? GoSlice.Empty(GoSchema.Get("types.ComponentVersion"));
                comps.Items ??= new List<object?>();
                var engine = GoSchema.New("types.ComponentVersion");
                engine["Name"] = "Engine";
                engine["Version"] = server.Str("Version");
                engine["Details"] = GoMap.Of(new Dictionary<string, string>
                {
                    ["ApiVersion"] = server.Str("APIVersion"),
                    ["MinAPIVersion"] = server.Str("MinAPIVersion"),
                    ["GitCommit"] = server.Str("GitCommit"),
                    ["GoVersion"] = server.Str("GoVersion"),
                    ["Os"] = server.Str("Os"),
                    ["Arch"] = server.Str("Arch"),
                    ["BuildTime"] = Ansic(server.Str("BuildTime")),
                    ["Experimental"] = server.Bool("Experimental") ? "true" : "false",
                });
                comps.Items.Add(engine);
                server["Components"] = comps;
            }
            info["Server"] = server;
        }
        var text = new StringBuilder();
        TemplateException? execError = null;
        try
        {
            tmpl.Execute(text, info);
        }
        catch (TemplateException e)
        {
            execError = e;
        }
        var output = new StringBuilder();
        var tw = new TabWriter(output, minWidth: 20, padding: 1);
        tw.Write(text.ToString());
        tw.Write("\n");
        tw.Flush();
        ctx.Out.Write(output.ToString());
        if (serverError is not null) throw serverError;
        if (execError is not null) throw new CliException(execError.Message);
        return 0;
    }

    private static int Info(CommandContext ctx)
    {
        string format = ctx.Flags.GetString("format");
        var info = GoSchema.New("system.dockerInfo");
        var client = GoSchema.New("system.clientInfo");
        var cv = ClientVersion(ctx.Cli, withApiVersion: false);
        foreach (var f in cv.Type.Fields) client[f.Name] = cv[f.Name];
        client["Debug"] = ctx.Cli.Options.Debug;
        info["ClientInfo"] = client;
        GoTemplate? tmpl = null;
        if (format.Length > 0)
        {
            string text = format == "json" ? "{{json .}}" : format;
            try
            {
                tmpl = GoTemplate.Parse(text);
            }
            catch (TemplateException e)
            {
                throw new CliException("template parsing error: " + e.Message, 64);
            }
        }
        CliException? connectionError = null;
        try
        {
            var json = ctx.Client.GetString("/info");
            var server = GoJson.DecodeStruct(json, "system.Info");
            info["Info"] = server;
        }
        catch (DaemonUnavailableException e)
        {
            connectionError = e;
            if (format.Length == 0) info["Info"] = new GoNil(GoType.PointerTo(GoSchema.Get("system.Info")));
        }
        catch (ApiException e)
        {
            info["ServerErrors"] = GoSlice.Of([e.Message]);
            if (format.Length > 0) ctx.Err.WriteLine(e.Message);
            else info["Info"] = new GoNil(GoType.PointerTo(GoSchema.Get("system.Info")));
        }
        if (format.Length == 0)
        {
            client["APIVersion"] = connectionError is null ? ctx.Client.ApiVersion : CliVersion.DefaultApiVersion;
            info["UserName"] = ctx.Cli.Config.UsernameFor("https://index.docker.io/v1/") ?? "";
            bool failed = InfoPrinter.Print(ctx.Cli, info);
            if (connectionError is not null) throw connectionError;
            if (failed) throw new CliException("errors pretty printing info");
            return 0;
        }
        if (connectionError is not null) throw connectionError;
        client["Plugins"] = GoSlice.Empty(GoType.Interface);
        var sb = new StringBuilder();
        try
        {
            tmpl!.Execute(sb, info);
        }
        catch (TemplateException e)
        {
            ctx.Out.Write(sb.ToString());
            ctx.Out.WriteLine();
            throw new CliException(e.Message);
        }
        ctx.Out.Write(sb.ToString());
        ctx.Out.WriteLine();
        return 0;
    }
}
