using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Berth.IntegrationTests.Build;

/// <summary>
/// Dockerfiles with their contexts, written into a directory per case. The classic cases use only what Docker's
/// classic builder (dockerd 20.10, DOCKER_BUILDKIT=0) knows, so both daemons can build them; the others use
/// BuildKit-era syntax that Berth's builder accepts on the classic API too.
/// </summary>
public static class BuildCorpus
{
    /// <summary>Every classic instruction and its forms, with files of several modes and owners.</summary>
    public const string AllInstructions = """
        ARG BASE=busybox
        FROM ${BASE}
        ARG GREETING=hello
        ARG UNSET_ARG
        ENV APP_HOME=/app LANG=C.UTF-8
        ENV LONG="a b" \
            MORE=c
        LABEL org.example.name="berth test" version=1.0
        LABEL multi.line="x" \
              other=y
        MAINTAINER someone@example.com
        WORKDIR $APP_HOME
        WORKDIR sub
        WORKDIR /app
        COPY hello.txt ./
        COPY dir/ /app/dir/
        COPY *.md /app/docs/
        COPY --chown=1000:1000 owned.txt /app/owned.txt
        COPY link.txt /app/link.txt
        ADD archive.tar /app/extracted/
        ADD archive.tar.gz /app/gz/
        ADD plain.txt /app/plain-added.txt
        RUN echo "$GREETING world" > /app/greet && chmod 640 /app/greet && mkdir -m 700 /app/private
        RUN ["/bin/sh", "-c", "echo exec form > /app/exec"]
        SHELL ["/bin/sh", "-ec"]
        RUN echo shell-changed > /app/shell && ln -s /app/greet /app/greet-link
        EXPOSE 8080 53/udp 9000-9001/tcp
        VOLUME ["/data", "/logs"]
        VOLUME /cache
        USER 1000:1000
        HEALTHCHECK --interval=30s --timeout=5s --start-period=2s --retries=4 CMD wget -q -O- http://localhost:8080/ || exit 1
        STOPSIGNAL SIGQUIT
        ONBUILD RUN echo triggered > /onbuild
        ENTRYPOINT ["/bin/sh", "-c"]
        CMD ["cat /app/greet"]
        """;

    /// <summary>Steps of AllInstructions (FROM included) and global ARGs (which print a Step line of their own).</summary>
    public const int AllInstructionsSteps = 33;

    /// <summary>Three stages: the target copies from the first, the unused one would fail if it were built.</summary>
    public const string MultiStage = """
        FROM busybox AS builder
        ARG VERSION=1
        RUN mkdir -p /out && echo "v$VERSION" > /out/version && chmod 755 /out/version && echo secret > /out/private && chmod 600 /out/private

        FROM busybox AS unused
        RUN exit 42

        FROM scratch AS final
        COPY --from=builder /out/ /out/
        COPY --from=0 /bin/busybox /bin/busybox
        COPY --from=busybox /bin/sh /bin/sh
        ENV PATH=/bin
        CMD ["/bin/busybox", "cat", "/out/version"]

        FROM final AS tested
        RUN ["/bin/busybox", "test", "-f", "/out/version"]
        """;

    /// <summary>
    /// MultiStage without the unused stage: the classic builder of dockerd builds every stage before the target, so
    /// this is the form both daemons number and build alike.
    /// </summary>
    public const string MultiStageClassic = """
        FROM busybox AS builder
        ARG VERSION=1
        RUN mkdir -p /out && echo "v$VERSION" > /out/version && chmod 755 /out/version && echo secret > /out/private && chmod 600 /out/private

        FROM scratch AS final
        COPY --from=builder /out/ /out/
        COPY --from=0 /bin/busybox /bin/busybox
        COPY --from=busybox /bin/sh /bin/sh
        ENV PATH=/bin
        CMD ["/bin/busybox", "cat", "/out/version"]

        FROM final AS tested
        RUN ["/bin/busybox", "test", "-f", "/out/version"]
        """;

    /// <summary>.dockerignore exclusions and exceptions, and COPY of the whole context.</summary>
    public const string Dockerignore = """
        FROM busybox
        COPY . /ctx/
        RUN cd /ctx && find . | sort > /listing
        """;

    public const string DockerignoreFile = """
        # comment
        *.log
        secret/
        !secret/keep.txt
        **/*.tmp
        Dockerfile.other
        """;

    /// <summary>ONBUILD triggers of a base stage run at the start of the stage built on it.</summary>
    public const string Onbuild = """
        FROM busybox AS base
        ONBUILD RUN echo triggered > /onbuild
        ONBUILD ENV FROM_TRIGGER=yes

        FROM base
        RUN cat /onbuild
        """;

    /// <summary>A RUN that writes to stdout and stderr, then fails.</summary>
    public const string FailingRun = """
        FROM busybox
        RUN echo before > /before
        RUN echo to-stdout; echo to-stderr >&2; exit 3
        RUN echo never
        """;

    /// <summary>BuildKit-era syntax the classic API of berthd accepts: heredocs, --chmod, cache mounts, modifiers.</summary>
    public const string Modern = """
        # syntax=docker/dockerfile:1
        # escape=\
        FROM busybox
        ARG NAME=world
        RUN <<EOT
        echo "hello ${NAME}" > /heredoc
        echo second >> /heredoc
        EOT
        COPY <<EOF /etc/generated.conf
        name=${NAME:-none}
        EOF
        COPY --chmod=0750 hello.txt /hello.txt
        COPY --chown=7:8 --chmod=u=rw,g=r,o= hello.txt /hello-sym.txt
        ENV A=1 B="two words"
        RUN echo "${A:+set} ${B%words} ${C:-dflt} ${B#two }" > /expand
        RUN --mount=type=cache,target=/cache echo cached >> /cache/log && cat /cache/log > /cache-seen
        RUN --mount=type=bind,source=hello.txt,target=/mnt/hello.txt cat /mnt/hello.txt > /bound
        RUN --mount=type=tmpfs,target=/scratch touch /scratch/x && test ! -e /scratch-leak
        """;

    /// <summary>ADD from an http:// URL (the test serves it on 127.0.0.1).</summary>
    public static string AddUrl(int port) => $"""
        FROM busybox
        ADD http://127.0.0.1:{port}/remote.txt /remote/
        ADD http://127.0.0.1:{port}/remote.txt /renamed.txt
        """;

    /// <summary>Writes a context: the Dockerfile, the files the cases use, and (when given) a .dockerignore.</summary>
    public static string Write(string parent, string name, string dockerfile, string? dockerignore = null)
    {
        string dir = Path.Combine(parent, name);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "Dockerfile"), dockerfile + "\n");
        if (dockerignore is not null) File.WriteAllText(Path.Combine(dir, ".dockerignore"), dockerignore + "\n");
        File.WriteAllText(Path.Combine(dir, "hello.txt"), "hi\n");
        File.WriteAllText(Path.Combine(dir, "plain.txt"), "plain\n");
        File.WriteAllText(Path.Combine(dir, "owned.txt"), "owned\n");
        File.WriteAllText(Path.Combine(dir, "README.md"), "# readme\n");
        File.WriteAllText(Path.Combine(dir, "NOTES.md"), "notes\n");
        File.WriteAllText(Path.Combine(dir, "build.log"), "log\n");
        File.WriteAllText(Path.Combine(dir, "Dockerfile.other"), "FROM scratch\n");
        File.CreateSymbolicLink(Path.Combine(dir, "link.txt"), "hello.txt");
        Directory.CreateDirectory(Path.Combine(dir, "dir", "sub"));
        File.WriteAllText(Path.Combine(dir, "dir", "a"), "a\n");
        File.WriteAllText(Path.Combine(dir, "dir", "run.sh"), "#!/bin/sh\necho run\n");
        File.SetUnixFileMode(Path.Combine(dir, "dir", "run.sh"), (UnixFileMode)Convert.ToInt32("755", 8));
        File.WriteAllText(Path.Combine(dir, "dir", "sub", "b"), "b\n");
        File.SetUnixFileMode(Path.Combine(dir, "dir", "sub"), (UnixFileMode)Convert.ToInt32("750", 8));
        File.WriteAllText(Path.Combine(dir, "dir", "sub", "c.tmp"), "tmp\n");
        Directory.CreateDirectory(Path.Combine(dir, "secret"));
        File.WriteAllText(Path.Combine(dir, "secret", "drop.txt"), "drop\n");
        File.WriteAllText(Path.Combine(dir, "secret", "keep.txt"), "keep\n");
        File.WriteAllBytes(Path.Combine(dir, "archive.tar"), Archive());
        using (var gz = File.Create(Path.Combine(dir, "archive.tar.gz")))
        using (var z = new GZipStream(gz, CompressionLevel.Fastest))
            z.Write(Archive("gz"));
        return dir;
    }

    /// <summary>A small tar: a directory, a file owned by 33:33 with mode 0640, a symlink.</summary>
    private static byte[] Archive(string prefix = "tar")
    {
        var ms = new MemoryStream();
        using (var w = new TarWriter(ms, TarEntryFormat.Ustar, leaveOpen: true))
        {
            var time = DateTimeOffset.FromUnixTimeSeconds(1_600_000_000);
            w.WriteEntry(new UstarTarEntry(TarEntryType.Directory, prefix + "dir/") { Mode = (UnixFileMode)Convert.ToInt32("755", 8), ModificationTime = time });
            w.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, prefix + "dir/file.txt")
            {
                Mode = (UnixFileMode)Convert.ToInt32("640", 8), Uid = 33, Gid = 33, ModificationTime = time,
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes("from " + prefix + "\n")),
            });
            w.WriteEntry(new UstarTarEntry(TarEntryType.SymbolicLink, prefix + "dir/link") { LinkName = "file.txt", Mode = (UnixFileMode)Convert.ToInt32("777", 8), ModificationTime = time });
        }
        return ms.ToArray();
    }
}
