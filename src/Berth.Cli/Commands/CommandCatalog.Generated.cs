// Generated from the docker CLI 28.2.2 help texts (the flags, usage lines and descriptions are the spec).
using Berth.Cli.Parsing;

namespace Berth.Cli.Commands;

/// <summary>The command tree with Docker's names, usage lines, descriptions and flags.</summary>
internal static partial class CommandCatalog
{
    /// <summary>The top-level commands and management groups, in the order help lists them.</summary>
    public static IEnumerable<CommandSpec> TopLevel()
    {
        yield return new CommandSpec("run [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create and run a new container from an image", Flags_container_run)
                {
                    AliasesText = "docker container run, docker run",
                    HandlerId = "container run",
                    CategoryTop = 1,
                };
        yield return new CommandSpec("exec [OPTIONS] CONTAINER COMMAND [ARG...]", "Execute a command in a running container", Flags_container_exec)
                {
                    AliasesText = "docker container exec, docker exec",
                    HandlerId = "container exec",
                    CategoryTop = 2,
                };
        yield return new CommandSpec("ps [OPTIONS]", "List containers", Flags_container_ls)
                {
                    AliasesText = "docker container ls, docker container list, docker container ps, docker ps",
                    HandlerId = "container ls",
                    CategoryTop = 3,
                };
        yield return new CommandSpec("build [OPTIONS] PATH | URL | -", "Build an image from a Dockerfile", Flags_image_build)
                {
                    AliasesText = "docker image build, docker build, docker builder build",
                    HandlerId = "image build",
                    CategoryTop = 4,
                };
        yield return new CommandSpec("pull [OPTIONS] NAME[:TAG|@DIGEST]", "Download an image from a registry", Flags_image_pull)
                {
                    AliasesText = "docker image pull, docker pull",
                    HandlerId = "image pull",
                    CategoryTop = 5,
                };
        yield return new CommandSpec("push [OPTIONS] NAME[:TAG]", "Upload an image to a registry", Flags_image_push)
                {
                    AliasesText = "docker image push, docker push",
                    HandlerId = "image push",
                    CategoryTop = 6,
                };
        yield return new CommandSpec("images [OPTIONS] [REPOSITORY[:TAG]]", "List images", Flags_image_ls)
                {
                    AliasesText = "docker image ls, docker image list, docker images",
                    HandlerId = "image ls",
                    CategoryTop = 7,
                };
        yield return new CommandSpec("login [OPTIONS] [SERVER]", "Authenticate to a registry", Flags_login)
                {
                    Long = "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.",
                    HandlerId = "login",
                    CategoryTop = 8,
                };
        yield return new CommandSpec("logout [SERVER]", "Log out from a registry")
                {
                    Long = "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.",
                    HandlerId = "logout",
                    CategoryTop = 9,
                };
        yield return new CommandSpec("search [OPTIONS] TERM", "Search Docker Hub for images", Flags_search)
                {
                    HandlerId = "search",
                    CategoryTop = 10,
                };
        yield return new CommandSpec("version [OPTIONS]", "Show the Berth version information", Flags_version)
                {
                    HandlerId = "version",
                    CategoryTop = 11,
                };
        yield return new CommandSpec("info [OPTIONS]", "Display system-wide information", Flags_system_info)
                {
                    AliasesText = "docker system info, docker info",
                    HandlerId = "system info",
                    CategoryTop = 12,
                };
        yield return new CommandSpec("attach [OPTIONS] CONTAINER", "Attach local standard input, output, and error streams to a running container", Flags_container_attach)
                {
                    AliasesText = "docker container attach, docker attach",
                    HandlerId = "container attach",
                };
        yield return new CommandSpec("commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]", "Create a new image from a container's changes", Flags_container_commit)
                {
                    AliasesText = "docker container commit, docker commit",
                    HandlerId = "container commit",
                };
        yield return new CommandSpec("cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-", "Copy files/folders between a container and the local filesystem", Flags_container_cp)
                {
                    Long = "docker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n\nCopy files/folders between a container and the local filesystem\n\nUse '-' as the source to read a tar archive from stdin\nand extract it to a directory destination in a container.\nUse '-' as the destination to stream a tar archive of a\ncontainer source to stdout.",
                    AliasesText = "docker container cp, docker cp",
                    HandlerId = "container cp",
                };
        yield return new CommandSpec("create [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container", Flags_container_create)
                {
                    AliasesText = "docker container create, docker create",
                    HandlerId = "container create",
                };
        yield return new CommandSpec("diff CONTAINER", "Inspect changes to files or directories on a container's filesystem")
                {
                    AliasesText = "docker container diff, docker diff",
                    HandlerId = "container diff",
                };
        yield return new CommandSpec("events [OPTIONS]", "Get real time events from the server", Flags_system_events)
                {
                    AliasesText = "docker system events, docker events",
                    HandlerId = "system events",
                };
        yield return new CommandSpec("export [OPTIONS] CONTAINER", "Export a container's filesystem as a tar archive", Flags_container_export)
                {
                    AliasesText = "docker container export, docker export",
                    HandlerId = "container export",
                };
        yield return new CommandSpec("history [OPTIONS] IMAGE", "Show the history of an image", Flags_image_history)
                {
                    AliasesText = "docker image history, docker history",
                    HandlerId = "image history",
                };
        yield return new CommandSpec("import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]", "Import the contents from a tarball to create a filesystem image", Flags_image_import)
                {
                    AliasesText = "docker image import, docker import",
                    HandlerId = "image import",
                };
        yield return new CommandSpec("inspect [OPTIONS] NAME|ID [NAME|ID...]", "Return low-level information on Docker objects", Flags_inspect)
                {
                    HandlerId = "inspect",
                };
        yield return new CommandSpec("kill [OPTIONS] CONTAINER [CONTAINER...]", "Kill one or more running containers", Flags_container_kill)
                {
                    AliasesText = "docker container kill, docker kill",
                    HandlerId = "container kill",
                };
        yield return new CommandSpec("load [OPTIONS]", "Load an image from a tar archive or STDIN", Flags_image_load)
                {
                    AliasesText = "docker image load, docker load",
                    HandlerId = "image load",
                };
        yield return new CommandSpec("logs [OPTIONS] CONTAINER", "Fetch the logs of a container", Flags_container_logs)
                {
                    AliasesText = "docker container logs, docker logs",
                    HandlerId = "container logs",
                };
        yield return new CommandSpec("pause CONTAINER [CONTAINER...]", "Pause all processes within one or more containers")
                {
                    AliasesText = "docker container pause, docker pause",
                    HandlerId = "container pause",
                };
        yield return new CommandSpec("port CONTAINER [PRIVATE_PORT[/PROTO]]", "List port mappings or a specific mapping for the container")
                {
                    AliasesText = "docker container port, docker port",
                    HandlerId = "container port",
                };
        yield return new CommandSpec("rename CONTAINER NEW_NAME", "Rename a container")
                {
                    AliasesText = "docker container rename, docker rename",
                    HandlerId = "container rename",
                };
        yield return new CommandSpec("restart [OPTIONS] CONTAINER [CONTAINER...]", "Restart one or more containers", Flags_container_restart)
                {
                    AliasesText = "docker container restart, docker restart",
                    HandlerId = "container restart",
                };
        yield return new CommandSpec("rm [OPTIONS] CONTAINER [CONTAINER...]", "Remove one or more containers", Flags_container_rm)
                {
                    AliasesText = "docker container rm, docker container remove, docker rm",
                    HandlerId = "container rm",
                };
        yield return new CommandSpec("rmi [OPTIONS] IMAGE [IMAGE...]", "Remove one or more images", Flags_image_rm)
                {
                    AliasesText = "docker image rm, docker image remove, docker rmi",
                    HandlerId = "image rm",
                };
        yield return new CommandSpec("save [OPTIONS] IMAGE [IMAGE...]", "Save one or more images to a tar archive (streamed to STDOUT by default)", Flags_image_save)
                {
                    AliasesText = "docker image save, docker save",
                    HandlerId = "image save",
                };
        yield return new CommandSpec("start [OPTIONS] CONTAINER [CONTAINER...]", "Start one or more stopped containers", Flags_container_start)
                {
                    AliasesText = "docker container start, docker start",
                    HandlerId = "container start",
                };
        yield return new CommandSpec("stats [OPTIONS] [CONTAINER...]", "Display a live stream of container(s) resource usage statistics", Flags_container_stats)
                {
                    AliasesText = "docker container stats, docker stats",
                    HandlerId = "container stats",
                };
        yield return new CommandSpec("stop [OPTIONS] CONTAINER [CONTAINER...]", "Stop one or more running containers", Flags_container_stop)
                {
                    AliasesText = "docker container stop, docker stop",
                    HandlerId = "container stop",
                };
        yield return new CommandSpec("tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
                {
                    AliasesText = "docker image tag, docker tag",
                    HandlerId = "image tag",
                };
        yield return new CommandSpec("top CONTAINER [ps OPTIONS]", "Display the running processes of a container")
                {
                    AliasesText = "docker container top, docker top",
                    HandlerId = "container top",
                };
        yield return new CommandSpec("unpause CONTAINER [CONTAINER...]", "Unpause all processes within one or more containers")
                {
                    AliasesText = "docker container unpause, docker unpause",
                    HandlerId = "container unpause",
                };
        yield return new CommandSpec("update [OPTIONS] CONTAINER [CONTAINER...]", "Update configuration of one or more containers", Flags_container_update)
                {
                    AliasesText = "docker container update, docker update",
                    HandlerId = "container update",
                };
        yield return new CommandSpec("wait CONTAINER [CONTAINER...]", "Block until one or more containers stop, then print their exit codes")
                {
                    AliasesText = "docker container wait, docker wait",
                    HandlerId = "container wait",
                };
        yield return Group_builder();
        yield return Group_container();
        yield return Group_image();
        yield return Group_network();
        yield return Group_system();
        yield return Group_volume();
    }

    private static CommandSpec Group_builder() =>
        new CommandSpec("builder", "Manage builds")
        {
        }
        .Add(
            new CommandSpec("build [OPTIONS] PATH | URL | -", "Build an image from a Dockerfile", Flags_image_build)
                    {
                        AliasesText = "docker image build, docker build, docker builder build",
                        HandlerId = "image build",
                    },
            new CommandSpec("prune", "Remove build cache", Flags_builder_prune)
                    {
                        HandlerId = "builder prune",
                    });

    private static CommandSpec Group_container() =>
        new CommandSpec("container", "Manage containers")
        {
        }
        .Add(
            new CommandSpec("attach [OPTIONS] CONTAINER", "Attach local standard input, output, and error streams to a running container", Flags_container_attach)
                    {
                        AliasesText = "docker container attach, docker attach",
                        HandlerId = "container attach",
                    },
            new CommandSpec("commit [OPTIONS] CONTAINER [REPOSITORY[:TAG]]", "Create a new image from a container's changes", Flags_container_commit)
                    {
                        AliasesText = "docker container commit, docker commit",
                        HandlerId = "container commit",
                    },
            new CommandSpec("cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-", "Copy files/folders between a container and the local filesystem", Flags_container_cp)
                    {
                        Long = "docker cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH\n\nCopy files/folders between a container and the local filesystem\n\nUse '-' as the source to read a tar archive from stdin\nand extract it to a directory destination in a container.\nUse '-' as the destination to stream a tar archive of a\ncontainer source to stdout.",
                        AliasesText = "docker container cp, docker cp",
                        HandlerId = "container cp",
                    },
            new CommandSpec("create [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create a new container", Flags_container_create)
                    {
                        AliasesText = "docker container create, docker create",
                        HandlerId = "container create",
                    },
            new CommandSpec("diff CONTAINER", "Inspect changes to files or directories on a container's filesystem")
                    {
                        AliasesText = "docker container diff, docker diff",
                        HandlerId = "container diff",
                    },
            new CommandSpec("exec [OPTIONS] CONTAINER COMMAND [ARG...]", "Execute a command in a running container", Flags_container_exec)
                    {
                        AliasesText = "docker container exec, docker exec",
                        HandlerId = "container exec",
                    },
            new CommandSpec("export [OPTIONS] CONTAINER", "Export a container's filesystem as a tar archive", Flags_container_export)
                    {
                        AliasesText = "docker container export, docker export",
                        HandlerId = "container export",
                    },
            new CommandSpec("inspect [OPTIONS] CONTAINER [CONTAINER...]", "Display detailed information on one or more containers", Flags_container_inspect)
                    {
                        HandlerId = "container inspect",
                    },
            new CommandSpec("kill [OPTIONS] CONTAINER [CONTAINER...]", "Kill one or more running containers", Flags_container_kill)
                    {
                        AliasesText = "docker container kill, docker kill",
                        HandlerId = "container kill",
                    },
            new CommandSpec("logs [OPTIONS] CONTAINER", "Fetch the logs of a container", Flags_container_logs)
                    {
                        AliasesText = "docker container logs, docker logs",
                        HandlerId = "container logs",
                    },
            new CommandSpec("ls [OPTIONS]", "List containers", Flags_container_ls)
                    {
                        AliasesText = "docker container ls, docker container list, docker container ps, docker ps",
                        Aliases = ["list", "ps"],
                        HandlerId = "container ls",
                    },
            new CommandSpec("pause CONTAINER [CONTAINER...]", "Pause all processes within one or more containers")
                    {
                        AliasesText = "docker container pause, docker pause",
                        HandlerId = "container pause",
                    },
            new CommandSpec("port CONTAINER [PRIVATE_PORT[/PROTO]]", "List port mappings or a specific mapping for the container")
                    {
                        AliasesText = "docker container port, docker port",
                        HandlerId = "container port",
                    },
            new CommandSpec("prune [OPTIONS]", "Remove all stopped containers", Flags_container_prune)
                    {
                        HandlerId = "container prune",
                    },
            new CommandSpec("rename CONTAINER NEW_NAME", "Rename a container")
                    {
                        AliasesText = "docker container rename, docker rename",
                        HandlerId = "container rename",
                    },
            new CommandSpec("restart [OPTIONS] CONTAINER [CONTAINER...]", "Restart one or more containers", Flags_container_restart)
                    {
                        AliasesText = "docker container restart, docker restart",
                        HandlerId = "container restart",
                    },
            new CommandSpec("rm [OPTIONS] CONTAINER [CONTAINER...]", "Remove one or more containers", Flags_container_rm)
                    {
                        AliasesText = "docker container rm, docker container remove, docker rm",
                        Aliases = ["remove"],
                        HandlerId = "container rm",
                    },
            new CommandSpec("run [OPTIONS] IMAGE [COMMAND] [ARG...]", "Create and run a new container from an image", Flags_container_run)
                    {
                        AliasesText = "docker container run, docker run",
                        HandlerId = "container run",
                    },
            new CommandSpec("start [OPTIONS] CONTAINER [CONTAINER...]", "Start one or more stopped containers", Flags_container_start)
                    {
                        AliasesText = "docker container start, docker start",
                        HandlerId = "container start",
                    },
            new CommandSpec("stats [OPTIONS] [CONTAINER...]", "Display a live stream of container(s) resource usage statistics", Flags_container_stats)
                    {
                        AliasesText = "docker container stats, docker stats",
                        HandlerId = "container stats",
                    },
            new CommandSpec("stop [OPTIONS] CONTAINER [CONTAINER...]", "Stop one or more running containers", Flags_container_stop)
                    {
                        AliasesText = "docker container stop, docker stop",
                        HandlerId = "container stop",
                    },
            new CommandSpec("top CONTAINER [ps OPTIONS]", "Display the running processes of a container")
                    {
                        AliasesText = "docker container top, docker top",
                        HandlerId = "container top",
                    },
            new CommandSpec("unpause CONTAINER [CONTAINER...]", "Unpause all processes within one or more containers")
                    {
                        AliasesText = "docker container unpause, docker unpause",
                        HandlerId = "container unpause",
                    },
            new CommandSpec("update [OPTIONS] CONTAINER [CONTAINER...]", "Update configuration of one or more containers", Flags_container_update)
                    {
                        AliasesText = "docker container update, docker update",
                        HandlerId = "container update",
                    },
            new CommandSpec("wait CONTAINER [CONTAINER...]", "Block until one or more containers stop, then print their exit codes")
                    {
                        AliasesText = "docker container wait, docker wait",
                        HandlerId = "container wait",
                    });

    private static CommandSpec Group_image() =>
        new CommandSpec("image", "Manage images")
        {
        }
        .Add(
            new CommandSpec("build [OPTIONS] PATH | URL | -", "Build an image from a Dockerfile", Flags_image_build)
                    {
                        AliasesText = "docker image build, docker build, docker builder build",
                        HandlerId = "image build",
                    },
            new CommandSpec("history [OPTIONS] IMAGE", "Show the history of an image", Flags_image_history)
                    {
                        AliasesText = "docker image history, docker history",
                        HandlerId = "image history",
                    },
            new CommandSpec("import [OPTIONS] file|URL|- [REPOSITORY[:TAG]]", "Import the contents from a tarball to create a filesystem image", Flags_image_import)
                    {
                        AliasesText = "docker image import, docker import",
                        HandlerId = "image import",
                    },
            new CommandSpec("inspect [OPTIONS] IMAGE [IMAGE...]", "Display detailed information on one or more images", Flags_image_inspect)
                    {
                        HandlerId = "image inspect",
                    },
            new CommandSpec("load [OPTIONS]", "Load an image from a tar archive or STDIN", Flags_image_load)
                    {
                        AliasesText = "docker image load, docker load",
                        HandlerId = "image load",
                    },
            new CommandSpec("ls [OPTIONS] [REPOSITORY[:TAG]]", "List images", Flags_image_ls)
                    {
                        AliasesText = "docker image ls, docker image list, docker images",
                        Aliases = ["list"],
                        HandlerId = "image ls",
                    },
            new CommandSpec("prune [OPTIONS]", "Remove unused images", Flags_image_prune)
                    {
                        HandlerId = "image prune",
                    },
            new CommandSpec("pull [OPTIONS] NAME[:TAG|@DIGEST]", "Download an image from a registry", Flags_image_pull)
                    {
                        AliasesText = "docker image pull, docker pull",
                        HandlerId = "image pull",
                    },
            new CommandSpec("push [OPTIONS] NAME[:TAG]", "Upload an image to a registry", Flags_image_push)
                    {
                        AliasesText = "docker image push, docker push",
                        HandlerId = "image push",
                    },
            new CommandSpec("rm [OPTIONS] IMAGE [IMAGE...]", "Remove one or more images", Flags_image_rm)
                    {
                        AliasesText = "docker image rm, docker image remove, docker rmi",
                        Aliases = ["remove"],
                        HandlerId = "image rm",
                    },
            new CommandSpec("save [OPTIONS] IMAGE [IMAGE...]", "Save one or more images to a tar archive (streamed to STDOUT by default)", Flags_image_save)
                    {
                        AliasesText = "docker image save, docker save",
                        HandlerId = "image save",
                    },
            new CommandSpec("tag SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
                    {
                        AliasesText = "docker image tag, docker tag",
                        HandlerId = "image tag",
                    });

    private static CommandSpec Group_network() =>
        new CommandSpec("network", "Manage networks")
        {
        }
        .Add(
            new CommandSpec("connect [OPTIONS] NETWORK CONTAINER", "Connect a container to a network", Flags_network_connect)
                    {
                        HandlerId = "network connect",
                    },
            new CommandSpec("create [OPTIONS] NETWORK", "Create a network", Flags_network_create)
                    {
                        HandlerId = "network create",
                    },
            new CommandSpec("disconnect [OPTIONS] NETWORK CONTAINER", "Disconnect a container from a network", Flags_network_disconnect)
                    {
                        HandlerId = "network disconnect",
                    },
            new CommandSpec("inspect [OPTIONS] NETWORK [NETWORK...]", "Display detailed information on one or more networks", Flags_network_inspect)
                    {
                        HandlerId = "network inspect",
                    },
            new CommandSpec("ls [OPTIONS]", "List networks", Flags_network_ls)
                    {
                        AliasesText = "docker network ls, docker network list",
                        Aliases = ["list"],
                        HandlerId = "network ls",
                    },
            new CommandSpec("prune [OPTIONS]", "Remove all unused networks", Flags_network_prune)
                    {
                        HandlerId = "network prune",
                    },
            new CommandSpec("rm NETWORK [NETWORK...]", "Remove one or more networks", Flags_network_rm)
                    {
                        AliasesText = "docker network rm, docker network remove",
                        Aliases = ["remove"],
                        HandlerId = "network rm",
                    });

    private static CommandSpec Group_system() =>
        new CommandSpec("system", "Manage Berth")
        {
        }
        .Add(
            new CommandSpec("df [OPTIONS]", "Show berth disk usage", Flags_system_df)
                    {
                        HandlerId = "system df",
                    },
            new CommandSpec("events [OPTIONS]", "Get real time events from the server", Flags_system_events)
                    {
                        AliasesText = "docker system events, docker events",
                        HandlerId = "system events",
                    },
            new CommandSpec("info [OPTIONS]", "Display system-wide information", Flags_system_info)
                    {
                        AliasesText = "docker system info, docker info",
                        HandlerId = "system info",
                    },
            new CommandSpec("prune [OPTIONS]", "Remove unused data", Flags_system_prune)
                    {
                        HandlerId = "system prune",
                    });

    private static CommandSpec Group_volume() =>
        new CommandSpec("volume", "Manage volumes")
        {
        }
        .Add(
            new CommandSpec("create [OPTIONS] [VOLUME]", "Create a volume", Flags_volume_create)
                    {
                        HandlerId = "volume create",
                    },
            new CommandSpec("inspect [OPTIONS] VOLUME [VOLUME...]", "Display detailed information on one or more volumes", Flags_volume_inspect)
                    {
                        HandlerId = "volume inspect",
                    },
            new CommandSpec("ls [OPTIONS]", "List volumes", Flags_volume_ls)
                    {
                        AliasesText = "docker volume ls, docker volume list",
                        Aliases = ["list"],
                        HandlerId = "volume ls",
                    },
            new CommandSpec("prune [OPTIONS]", "Remove unused local volumes", Flags_volume_prune)
                    {
                        HandlerId = "volume prune",
                    },
            new CommandSpec("rm [OPTIONS] VOLUME [VOLUME...]", "Remove one or more volumes", Flags_volume_rm)
                    {
                        Long = "Remove one or more volumes. You cannot remove a volume that is in use by a container.",
                        AliasesText = "docker volume rm, docker volume remove",
                        Aliases = ["remove"],
                        HandlerId = "volume rm",
                    });

    private static FlagSpec[] Flags_container_run() =>
    [
        new(FlagKind.List, "add-host", '\0', "Add a custom host-to-IP mapping (host:ip)"),
        new(FlagKind.Map, "annotation", '\0', "Add an annotation to the container (passed through to the OCI runtime)", "map[]"),
        new(FlagKind.List, "attach", 'a', "Attach to STDIN, STDOUT or STDERR"),
        new(FlagKind.Uint16, "blkio-weight", '\0', "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)"),
        new(FlagKind.List, "blkio-weight-device", '\0', "Block IO weight (relative device weight)", "[]"),
        new(FlagKind.List, "cap-add", '\0', "Add Linux capabilities"),
        new(FlagKind.List, "cap-drop", '\0', "Drop Linux capabilities"),
        new(FlagKind.String, "cgroup-parent", '\0', "Optional parent cgroup for the container"),
        new(FlagKind.String, "cgroupns", '\0', "Cgroup namespace to use (host|private)\n'host':    Run the container in the Docker host's cgroup namespace\n'private': Run the container in its own private cgroup namespace\n'':        Use the cgroup namespace as configured by the\n           default-cgroupns-mode option on the daemon (default)"),
        new(FlagKind.String, "cidfile", '\0', "Write the container ID to the file"),
        new(FlagKind.Int, "cpu-count", '\0', "CPU count (Windows only)"),
        new(FlagKind.Int, "cpu-percent", '\0', "CPU percent (Windows only)"),
        new(FlagKind.Int, "cpu-period", '\0', "Limit CPU CFS (Completely Fair Scheduler) period"),
        new(FlagKind.Int, "cpu-quota", '\0', "Limit CPU CFS (Completely Fair Scheduler) quota"),
        new(FlagKind.Int, "cpu-rt-period", '\0', "Limit CPU real-time period in microseconds"),
        new(FlagKind.Int, "cpu-rt-runtime", '\0', "Limit CPU real-time runtime in microseconds"),
        new(FlagKind.Int, "cpu-shares", 'c', "CPU shares (relative weight)"),
        new(FlagKind.Decimal, "cpus", '\0', "Number of CPUs"),
        new(FlagKind.String, "cpuset-cpus", '\0', "CPUs in which to allow execution (0-3, 0,1)"),
        new(FlagKind.String, "cpuset-mems", '\0', "MEMs in which to allow execution (0-3, 0,1)"),
        new(FlagKind.Bool, "detach", 'd', "Run container in background and print container ID"),
        new(FlagKind.String, "detach-keys", '\0', "Override the key sequence for detaching a container"),
        new(FlagKind.List, "device", '\0', "Add a host device to the container"),
        new(FlagKind.List, "device-cgroup-rule", '\0', "Add a rule to the cgroup allowed devices list"),
        new(FlagKind.List, "device-read-bps", '\0', "Limit read rate (bytes per second) from a device", "[]"),
        new(FlagKind.List, "device-read-iops", '\0', "Limit read rate (IO per second) from a device", "[]"),
        new(FlagKind.List, "device-write-bps", '\0', "Limit write rate (bytes per second) to a device", "[]"),
        new(FlagKind.List, "device-write-iops", '\0', "Limit write rate (IO per second) to a device", "[]"),
        new(FlagKind.Bool, "disable-content-trust", '\0', "Skip image verification", "true"),
        new(FlagKind.List, "dns", '\0', "Set custom DNS servers"),
        new(FlagKind.List, "dns-option", '\0', "Set DNS options"),
        new(FlagKind.List, "dns-search", '\0', "Set custom DNS search domains"),
        new(FlagKind.String, "domainname", '\0', "Container NIS domain name"),
        new(FlagKind.String, "entrypoint", '\0', "Overwrite the default ENTRYPOINT of the image"),
        new(FlagKind.List, "env", 'e', "Set environment variables"),
        new(FlagKind.List, "env-file", '\0', "Read in a file of environment variables"),
        new(FlagKind.List, "expose", '\0', "Expose a port or a range of ports"),
        new(FlagKind.GpuRequest, "gpus", '\0', "GPU devices to add to the container ('all' to pass all GPUs)"),
        new(FlagKind.List, "group-add", '\0', "Add additional groups to join"),
        new(FlagKind.String, "health-cmd", '\0', "Command to run to check health"),
        new(FlagKind.Duration, "health-interval", '\0', "Time between running the check (ms|s|m|h) (default 0s)"),
        new(FlagKind.Int, "health-retries", '\0', "Consecutive failures needed to report unhealthy"),
        new(FlagKind.Duration, "health-start-interval", '\0', "Time between running the check during the start period (ms|s|m|h) (default 0s)"),
        new(FlagKind.Duration, "health-start-period", '\0', "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)"),
        new(FlagKind.Duration, "health-timeout", '\0', "Maximum time to allow one check to run (ms|s|m|h) (default 0s)"),
        new(FlagKind.Bool, "help", '\0', "Print usage"),
        new(FlagKind.String, "hostname", 'h', "Container host name"),
        new(FlagKind.Bool, "init", '\0', "Run an init inside the container that forwards signals and reaps processes"),
        new(FlagKind.Bool, "interactive", 'i', "Keep STDIN open even if not attached"),
        new(FlagKind.Bytes, "io-maxbandwidth", '\0', "Maximum IO bandwidth limit for the system drive (Windows only)"),
        new(FlagKind.Uint64, "io-maxiops", '\0', "Maximum IOps limit for the system drive (Windows only)"),
        new(FlagKind.String, "ip", '\0', "IPv4 address (e.g., 172.30.100.104)"),
        new(FlagKind.String, "ip6", '\0', "IPv6 address (e.g., 2001:db8::33)"),
        new(FlagKind.String, "ipc", '\0', "IPC mode to use"),
        new(FlagKind.String, "isolation", '\0', "Container isolation technology"),
        new(FlagKind.Bytes, "kernel-memory", '\0', "Kernel memory limit"),
        new(FlagKind.List, "label", 'l', "Set meta data on a container"),
        new(FlagKind.List, "label-file", '\0', "Read in a line delimited file of labels"),
        new(FlagKind.List, "link", '\0', "Add link to another container"),
        new(FlagKind.List, "link-local-ip", '\0', "Container IPv4/IPv6 link-local addresses"),
        new(FlagKind.String, "log-driver", '\0', "Logging driver for the container"),
        new(FlagKind.List, "log-opt", '\0', "Log driver options"),
        new(FlagKind.String, "mac-address", '\0', "Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
        new(FlagKind.Bytes, "memory", 'm', "Memory limit"),
        new(FlagKind.Bytes, "memory-reservation", '\0', "Memory soft limit"),
        new(FlagKind.Bytes, "memory-swap", '\0', "Swap limit equal to memory plus swap: '-1' to enable unlimited swap"),
        new(FlagKind.Int, "memory-swappiness", '\0', "Tune container memory swappiness (0 to 100)", "-1"),
        new(FlagKind.Mount, "mount", '\0', "Attach a filesystem mount to the container"),
        new(FlagKind.String, "name", '\0', "Assign a name to the container"),
        new(FlagKind.Network, "network", '\0', "Connect a container to a network"),
        new(FlagKind.List, "network-alias", '\0', "Add network-scoped alias for the container"),
        new(FlagKind.Bool, "no-healthcheck", '\0', "Disable any container-specified HEALTHCHECK"),
        new(FlagKind.Bool, "oom-kill-disable", '\0', "Disable OOM Killer"),
        new(FlagKind.Int, "oom-score-adj", '\0', "Tune host's OOM preferences (-1000 to 1000)"),
        new(FlagKind.String, "pid", '\0', "PID namespace to use"),
        new(FlagKind.Int, "pids-limit", '\0', "Tune container pids limit (set -1 for unlimited)"),
        new(FlagKind.String, "platform", '\0', "Set platform if server is multi-platform capable"),
        new(FlagKind.Bool, "privileged", '\0', "Give extended privileges to this container"),
        new(FlagKind.List, "publish", 'p', "Publish a container's port(s) to the host"),
        new(FlagKind.Bool, "publish-all", 'P', "Publish all exposed ports to random ports"),
        new(FlagKind.String, "pull", '\0', "Pull image before running (\"always\", \"missing\", \"never\")", "missing"),
        new(FlagKind.Bool, "quiet", 'q', "Suppress the pull output"),
        new(FlagKind.Bool, "read-only", '\0', "Mount the container's root filesystem as read only"),
        new(FlagKind.String, "restart", '\0', "Restart policy to apply when a container exits", "no"),
        new(FlagKind.Bool, "rm", '\0', "Automatically remove the container and its associated anonymous volumes when it exits"),
        new(FlagKind.String, "runtime", '\0', "Runtime to use for this container"),
        new(FlagKind.List, "security-opt", '\0', "Security Options"),
        new(FlagKind.Bytes, "shm-size", '\0', "Size of /dev/shm"),
        new(FlagKind.Bool, "sig-proxy", '\0', "Proxy received signals to the process", "true"),
        new(FlagKind.String, "stop-signal", '\0', "Signal to stop the container"),
        new(FlagKind.Int, "stop-timeout", '\0', "Timeout (in seconds) to stop a container"),
        new(FlagKind.List, "storage-opt", '\0', "Storage driver options for the container"),
        new(FlagKind.Map, "sysctl", '\0', "Sysctl options", "map[]"),
        new(FlagKind.List, "tmpfs", '\0', "Mount a tmpfs directory"),
        new(FlagKind.Bool, "tty", 't', "Allocate a pseudo-TTY"),
        new(FlagKind.Ulimit, "ulimit", '\0', "Ulimit options", "[]"),
        new(FlagKind.Bool, "use-api-socket", '\0', "Bind mount Docker API socket and required auth"),
        new(FlagKind.String, "user", 'u', "Username or UID (format: <name|uid>[:<group|gid>])"),
        new(FlagKind.String, "userns", '\0', "User namespace to use"),
        new(FlagKind.String, "uts", '\0', "UTS namespace to use"),
        new(FlagKind.List, "volume", 'v', "Bind mount a volume"),
        new(FlagKind.String, "volume-driver", '\0', "Optional volume driver for the container"),
        new(FlagKind.List, "volumes-from", '\0', "Mount volumes from the specified container(s)"),
        new(FlagKind.String, "workdir", 'w', "Working directory inside the container"),
    ];

    private static FlagSpec[] Flags_container_exec() =>
    [
        new(FlagKind.Bool, "detach", 'd', "Detached mode: run command in the background"),
        new(FlagKind.String, "detach-keys", '\0', "Override the key sequence for detaching a container"),
        new(FlagKind.List, "env", 'e', "Set environment variables"),
        new(FlagKind.List, "env-file", '\0', "Read in a file of environment variables"),
        new(FlagKind.Bool, "interactive", 'i', "Keep STDIN open even if not attached"),
        new(FlagKind.Bool, "privileged", '\0', "Give extended privileges to the command"),
        new(FlagKind.Bool, "tty", 't', "Allocate a pseudo-TTY"),
        new(FlagKind.String, "user", 'u', "Username or UID (format: \"<name|uid>[:<group|gid>]\")"),
        new(FlagKind.String, "workdir", 'w', "Working directory inside the container"),
    ];

    private static FlagSpec[] Flags_container_ls() =>
    [
        new(FlagKind.Bool, "all", 'a', "Show all containers (default shows just running)"),
        new(FlagKind.Filter, "filter", 'f', "Filter output based on conditions provided"),
        new(FlagKind.String, "format", '\0', "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.Int, "last", 'n', "Show n last created containers (includes all states)", "-1"),
        new(FlagKind.Bool, "latest", 'l', "Show the latest created container (includes all states)"),
        new(FlagKind.Bool, "no-trunc", '\0', "Don't truncate output"),
        new(FlagKind.Bool, "quiet", 'q', "Only display container IDs"),
        new(FlagKind.Bool, "size", 's', "Display total file sizes"),
    ];

    private static FlagSpec[] Flags_image_build() =>
    [
        new(FlagKind.List, "add-host", '\0', "Add a custom host-to-IP mapping (\"host:ip\")"),
        new(FlagKind.List, "build-arg", '\0', "Set build-time variables"),
        new(FlagKind.StringSlice, "cache-from", '\0', "Images to consider as cache sources"),
        new(FlagKind.String, "cgroup-parent", '\0', "Set the parent cgroup for the \"RUN\" instructions during build"),
        new(FlagKind.Bool, "compress", '\0', "Compress the build context using gzip"),
        new(FlagKind.Int, "cpu-period", '\0', "Limit the CPU CFS (Completely Fair Scheduler) period"),
        new(FlagKind.Int, "cpu-quota", '\0', "Limit the CPU CFS (Completely Fair Scheduler) quota"),
        new(FlagKind.Int, "cpu-shares", 'c', "CPU shares (relative weight)"),
        new(FlagKind.String, "cpuset-cpus", '\0', "CPUs in which to allow execution (0-3, 0,1)"),
        new(FlagKind.String, "cpuset-mems", '\0', "MEMs in which to allow execution (0-3, 0,1)"),
        new(FlagKind.Bool, "disable-content-trust", '\0', "Skip image verification", "true"),
        new(FlagKind.String, "file", 'f', "Name of the Dockerfile (Default is \"PATH/Dockerfile\")"),
        new(FlagKind.Bool, "force-rm", '\0', "Always remove intermediate containers"),
        new(FlagKind.String, "iidfile", '\0', "Write the image ID to the file"),
        new(FlagKind.String, "isolation", '\0', "Container isolation technology"),
        new(FlagKind.List, "label", '\0', "Set metadata for an image"),
        new(FlagKind.Bytes, "memory", 'm', "Memory limit"),
        new(FlagKind.Bytes, "memory-swap", '\0', "Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
        new(FlagKind.String, "network", '\0', "Set the networking mode for the RUN instructions during build", "default"),
        new(FlagKind.Bool, "no-cache", '\0', "Do not use cache when building the image"),
        new(FlagKind.String, "platform", '\0', "Set platform if server is multi-platform capable"),
        new(FlagKind.Bool, "pull", '\0', "Always attempt to pull a newer version of the image"),
        new(FlagKind.Bool, "quiet", 'q', "Suppress the build output and print image ID on success"),
        new(FlagKind.Bool, "rm", '\0', "Remove intermediate containers after a successful build", "true"),
        new(FlagKind.StringSlice, "security-opt", '\0', "Security options"),
        new(FlagKind.Bytes, "shm-size", '\0', "Size of \"/dev/shm\""),
        new(FlagKind.Bool, "squash", '\0', "Squash newly built layers into a single new layer"),
        new(FlagKind.List, "tag", 't', "Name and optionally a tag in the \"name:tag\" format"),
        new(FlagKind.String, "target", '\0', "Set the target build stage to build."),
        new(FlagKind.Ulimit, "ulimit", '\0', "Ulimit options", "[]"),
    ];

    private static FlagSpec[] Flags_image_pull() =>
    [
        new(FlagKind.Bool, "all-tags", 'a', "Download all tagged images in the repository"),
        new(FlagKind.Bool, "disable-content-trust", '\0', "Skip image verification", "true"),
        new(FlagKind.String, "platform", '\0', "Set platform if server is multi-platform capable"),
        new(FlagKind.Bool, "quiet", 'q', "Suppress verbose output"),
    ];

    private static FlagSpec[] Flags_image_push() =>
    [
        new(FlagKind.Bool, "all-tags", 'a', "Push all tags of an image to the repository"),
        new(FlagKind.Bool, "disable-content-trust", '\0', "Skip image signing", "true"),
        new(FlagKind.String, "platform", '\0', "Push a platform-specific manifest as a single-platform image to the registry.\nImage index won't be pushed, meaning that other manifests, including attestations won't be preserved.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"),
        new(FlagKind.Bool, "quiet", 'q', "Suppress verbose output"),
    ];

    private static FlagSpec[] Flags_image_ls() =>
    [
        new(FlagKind.Bool, "all", 'a', "Show all images (default hides intermediate images)"),
        new(FlagKind.Bool, "digests", '\0', "Show digests"),
        new(FlagKind.Filter, "filter", 'f', "Filter output based on conditions provided"),
        new(FlagKind.String, "format", '\0', "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.Bool, "no-trunc", '\0', "Don't truncate output"),
        new(FlagKind.Bool, "quiet", 'q', "Only show image IDs"),
        new(FlagKind.Bool, "tree", '\0', "List multi-platform images as a tree (EXPERIMENTAL)"),
    ];

    private static FlagSpec[] Flags_login() =>
    [
        new(FlagKind.String, "password", 'p', "Password or Personal Access Token (PAT)"),
        new(FlagKind.Bool, "password-stdin", '\0', "Take the Password or Personal Access Token (PAT) from stdin"),
        new(FlagKind.String, "username", 'u', "Username"),
    ];

    private static FlagSpec[] Flags_search() =>
    [
        new(FlagKind.Filter, "filter", 'f', "Filter output based on conditions provided"),
        new(FlagKind.String, "format", '\0', "Pretty-print search using a Go template"),
        new(FlagKind.Int, "limit", '\0', "Max number of search results"),
        new(FlagKind.Bool, "no-trunc", '\0', "Don't truncate output"),
    ];

    private static FlagSpec[] Flags_version() =>
    [
        new(FlagKind.String, "format", 'f', "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
    ];

    private static FlagSpec[] Flags_system_info() =>
    [
        new(FlagKind.String, "format", 'f', "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
    ];

    private static FlagSpec[] Flags_container_attach() =>
    [
        new(FlagKind.String, "detach-keys", '\0', "Override the key sequence for detaching a container"),
        new(FlagKind.Bool, "no-stdin", '\0', "Do not attach STDIN"),
        new(FlagKind.Bool, "sig-proxy", '\0', "Proxy all received signals to the process", "true"),
    ];

    private static FlagSpec[] Flags_container_commit() =>
    [
        new(FlagKind.String, "author", 'a', "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")"),
        new(FlagKind.List, "change", 'c', "Apply Dockerfile instruction to the created image"),
        new(FlagKind.String, "message", 'm', "Commit message"),
        new(FlagKind.Bool, "pause", 'p', "Pause container during commit", "true"),
    ];

    private static FlagSpec[] Flags_container_cp() =>
    [
        new(FlagKind.Bool, "archive", 'a', "Archive mode (copy all uid/gid information)"),
        new(FlagKind.Bool, "follow-link", 'L', "Always follow symbol link in SRC_PATH"),
        new(FlagKind.Bool, "quiet", 'q', "Suppress progress output during copy. Progress output is automatically suppressed if no terminal is attached"),
    ];

    private static FlagSpec[] Flags_container_create() =>
    [
        new(FlagKind.List, "add-host", '\0', "Add a custom host-to-IP mapping (host:ip)"),
        new(FlagKind.Map, "annotation", '\0', "Add an annotation to the container (passed through to the OCI runtime)", "map[]"),
        new(FlagKind.List, "attach", 'a', "Attach to STDIN, STDOUT or STDERR"),
        new(FlagKind.Uint16, "blkio-weight", '\0', "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)"),
        new(FlagKind.List, "blkio-weight-device", '\0', "Block IO weight (relative device weight)", "[]"),
        new(FlagKind.List, "cap-add", '\0', "Add Linux capabilities"),
        new(FlagKind.List, "cap-drop", '\0', "Drop Linux capabilities"),
        new(FlagKind.String, "cgroup-parent", '\0', "Optional parent cgroup for the container"),
        new(FlagKind.String, "cgroupns", '\0', "Cgroup namespace to use (host|private)\n'host':    Run the container in the Docker host's cgroup namespace\n'private': Run the container in its own private cgroup namespace\n'':        Use the cgroup namespace as configured by the\n           default-cgroupns-mode option on the daemon (default)"),
        new(FlagKind.String, "cidfile", '\0', "Write the container ID to the file"),
        new(FlagKind.Int, "cpu-count", '\0', "CPU count (Windows only)"),
        new(FlagKind.Int, "cpu-percent", '\0', "CPU percent (Windows only)"),
        new(FlagKind.Int, "cpu-period", '\0', "Limit CPU CFS (Completely Fair Scheduler) period"),
        new(FlagKind.Int, "cpu-quota", '\0', "Limit CPU CFS (Completely Fair Scheduler) quota"),
        new(FlagKind.Int, "cpu-rt-period", '\0', "Limit CPU real-time period in microseconds"),
        new(FlagKind.Int, "cpu-rt-runtime", '\0', "Limit CPU real-time runtime in microseconds"),
        new(FlagKind.Int, "cpu-shares", 'c', "CPU shares (relative weight)"),
        new(FlagKind.Decimal, "cpus", '\0', "Number of CPUs"),
        new(FlagKind.String, "cpuset-cpus", '\0', "CPUs in which to allow execution (0-3, 0,1)"),
        new(FlagKind.String, "cpuset-mems", '\0', "MEMs in which to allow execution (0-3, 0,1)"),
        new(FlagKind.List, "device", '\0', "Add a host device to the container"),
        new(FlagKind.List, "device-cgroup-rule", '\0', "Add a rule to the cgroup allowed devices list"),
        new(FlagKind.List, "device-read-bps", '\0', "Limit read rate (bytes per second) from a device", "[]"),
        new(FlagKind.List, "device-read-iops", '\0', "Limit read rate (IO per second) from a device", "[]"),
        new(FlagKind.List, "device-write-bps", '\0', "Limit write rate (bytes per second) to a device", "[]"),
        new(FlagKind.List, "device-write-iops", '\0', "Limit write rate (IO per second) to a device", "[]"),
        new(FlagKind.Bool, "disable-content-trust", '\0', "Skip image verification", "true"),
        new(FlagKind.List, "dns", '\0', "Set custom DNS servers"),
        new(FlagKind.List, "dns-option", '\0', "Set DNS options"),
        new(FlagKind.List, "dns-search", '\0', "Set custom DNS search domains"),
        new(FlagKind.String, "domainname", '\0', "Container NIS domain name"),
        new(FlagKind.String, "entrypoint", '\0', "Overwrite the default ENTRYPOINT of the image"),
        new(FlagKind.List, "env", 'e', "Set environment variables"),
        new(FlagKind.List, "env-file", '\0', "Read in a file of environment variables"),
        new(FlagKind.List, "expose", '\0', "Expose a port or a range of ports"),
        new(FlagKind.GpuRequest, "gpus", '\0', "GPU devices to add to the container ('all' to pass all GPUs)"),
        new(FlagKind.List, "group-add", '\0', "Add additional groups to join"),
        new(FlagKind.String, "health-cmd", '\0', "Command to run to check health"),
        new(FlagKind.Duration, "health-interval", '\0', "Time between running the check (ms|s|m|h) (default 0s)"),
        new(FlagKind.Int, "health-retries", '\0', "Consecutive failures needed to report unhealthy"),
        new(FlagKind.Duration, "health-start-interval", '\0', "Time between running the check during the start period (ms|s|m|h) (default 0s)"),
        new(FlagKind.Duration, "health-start-period", '\0', "Start period for the container to initialize before starting health-retries countdown (ms|s|m|h) (default 0s)"),
        new(FlagKind.Duration, "health-timeout", '\0', "Maximum time to allow one check to run (ms|s|m|h) (default 0s)"),
        new(FlagKind.Bool, "help", '\0', "Print usage"),
        new(FlagKind.String, "hostname", 'h', "Container host name"),
        new(FlagKind.Bool, "init", '\0', "Run an init inside the container that forwards signals and reaps processes"),
        new(FlagKind.Bool, "interactive", 'i', "Keep STDIN open even if not attached"),
        new(FlagKind.Bytes, "io-maxbandwidth", '\0', "Maximum IO bandwidth limit for the system drive (Windows only)"),
        new(FlagKind.Uint64, "io-maxiops", '\0', "Maximum IOps limit for the system drive (Windows only)"),
        new(FlagKind.String, "ip", '\0', "IPv4 address (e.g., 172.30.100.104)"),
        new(FlagKind.String, "ip6", '\0', "IPv6 address (e.g., 2001:db8::33)"),
        new(FlagKind.String, "ipc", '\0', "IPC mode to use"),
        new(FlagKind.String, "isolation", '\0', "Container isolation technology"),
        new(FlagKind.Bytes, "kernel-memory", '\0', "Kernel memory limit"),
        new(FlagKind.List, "label", 'l', "Set meta data on a container"),
        new(FlagKind.List, "label-file", '\0', "Read in a line delimited file of labels"),
        new(FlagKind.List, "link", '\0', "Add link to another container"),
        new(FlagKind.List, "link-local-ip", '\0', "Container IPv4/IPv6 link-local addresses"),
        new(FlagKind.String, "log-driver", '\0', "Logging driver for the container"),
        new(FlagKind.List, "log-opt", '\0', "Log driver options"),
        new(FlagKind.String, "mac-address", '\0', "Container MAC address (e.g., 92:d0:c6:0a:29:33)"),
        new(FlagKind.Bytes, "memory", 'm', "Memory limit"),
        new(FlagKind.Bytes, "memory-reservation", '\0', "Memory soft limit"),
        new(FlagKind.Bytes, "memory-swap", '\0', "Swap limit equal to memory plus swap: '-1' to enable unlimited swap"),
        new(FlagKind.Int, "memory-swappiness", '\0', "Tune container memory swappiness (0 to 100)", "-1"),
        new(FlagKind.Mount, "mount", '\0', "Attach a filesystem mount to the container"),
        new(FlagKind.String, "name", '\0', "Assign a name to the container"),
        new(FlagKind.Network, "network", '\0', "Connect a container to a network"),
        new(FlagKind.List, "network-alias", '\0', "Add network-scoped alias for the container"),
        new(FlagKind.Bool, "no-healthcheck", '\0', "Disable any container-specified HEALTHCHECK"),
        new(FlagKind.Bool, "oom-kill-disable", '\0', "Disable OOM Killer"),
        new(FlagKind.Int, "oom-score-adj", '\0', "Tune host's OOM preferences (-1000 to 1000)"),
        new(FlagKind.String, "pid", '\0', "PID namespace to use"),
        new(FlagKind.Int, "pids-limit", '\0', "Tune container pids limit (set -1 for unlimited)"),
        new(FlagKind.String, "platform", '\0', "Set platform if server is multi-platform capable"),
        new(FlagKind.Bool, "privileged", '\0', "Give extended privileges to this container"),
        new(FlagKind.List, "publish", 'p', "Publish a container's port(s) to the host"),
        new(FlagKind.Bool, "publish-all", 'P', "Publish all exposed ports to random ports"),
        new(FlagKind.String, "pull", '\0', "Pull image before creating (\"always\", \"|missing\", \"never\")", "missing"),
        new(FlagKind.Bool, "quiet", 'q', "Suppress the pull output"),
        new(FlagKind.Bool, "read-only", '\0', "Mount the container's root filesystem as read only"),
        new(FlagKind.String, "restart", '\0', "Restart policy to apply when a container exits", "no"),
        new(FlagKind.Bool, "rm", '\0', "Automatically remove the container and its associated anonymous volumes when it exits"),
        new(FlagKind.String, "runtime", '\0', "Runtime to use for this container"),
        new(FlagKind.List, "security-opt", '\0', "Security Options"),
        new(FlagKind.Bytes, "shm-size", '\0', "Size of /dev/shm"),
        new(FlagKind.String, "stop-signal", '\0', "Signal to stop the container"),
        new(FlagKind.Int, "stop-timeout", '\0', "Timeout (in seconds) to stop a container"),
        new(FlagKind.List, "storage-opt", '\0', "Storage driver options for the container"),
        new(FlagKind.Map, "sysctl", '\0', "Sysctl options", "map[]"),
        new(FlagKind.List, "tmpfs", '\0', "Mount a tmpfs directory"),
        new(FlagKind.Bool, "tty", 't', "Allocate a pseudo-TTY"),
        new(FlagKind.Ulimit, "ulimit", '\0', "Ulimit options", "[]"),
        new(FlagKind.Bool, "use-api-socket", '\0', "Bind mount Docker API socket and required auth"),
        new(FlagKind.String, "user", 'u', "Username or UID (format: <name|uid>[:<group|gid>])"),
        new(FlagKind.String, "userns", '\0', "User namespace to use"),
        new(FlagKind.String, "uts", '\0', "UTS namespace to use"),
        new(FlagKind.List, "volume", 'v', "Bind mount a volume"),
        new(FlagKind.String, "volume-driver", '\0', "Optional volume driver for the container"),
        new(FlagKind.List, "volumes-from", '\0', "Mount volumes from the specified container(s)"),
        new(FlagKind.String, "workdir", 'w', "Working directory inside the container"),
    ];

    private static FlagSpec[] Flags_system_events() =>
    [
        new(FlagKind.Filter, "filter", 'f', "Filter output based on conditions provided"),
        new(FlagKind.String, "format", '\0', "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.String, "since", '\0', "Show all events created since timestamp"),
        new(FlagKind.String, "until", '\0', "Stream events until this timestamp"),
    ];

    private static FlagSpec[] Flags_container_export() =>
    [
        new(FlagKind.String, "output", 'o', "Write to a file, instead of STDOUT"),
    ];

    private static FlagSpec[] Flags_image_history() =>
    [
        new(FlagKind.String, "format", '\0', "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.Bool, "human", 'H', "Print sizes and dates in human readable format", "true"),
        new(FlagKind.Bool, "no-trunc", '\0', "Don't truncate output"),
        new(FlagKind.String, "platform", '\0', "Show history for the given platform. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
        new(FlagKind.Bool, "quiet", 'q', "Only show image IDs"),
    ];

    private static FlagSpec[] Flags_image_import() =>
    [
        new(FlagKind.List, "change", 'c', "Apply Dockerfile instruction to the created image"),
        new(FlagKind.String, "message", 'm', "Set commit message for imported image"),
        new(FlagKind.String, "platform", '\0', "Set platform if server is multi-platform capable"),
    ];

    private static FlagSpec[] Flags_inspect() =>
    [
        new(FlagKind.String, "format", 'f', "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.Bool, "size", 's', "Display total file sizes if the type is container"),
        new(FlagKind.String, "type", '\0', "Only inspect objects of the given type"),
    ];

    private static FlagSpec[] Flags_container_kill() =>
    [
        new(FlagKind.String, "signal", 's', "Signal to send to the container"),
    ];

    private static FlagSpec[] Flags_image_load() =>
    [
        new(FlagKind.String, "input", 'i', "Read from tar archive file, instead of STDIN"),
        new(FlagKind.String, "platform", '\0', "Load only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
        new(FlagKind.Bool, "quiet", 'q', "Suppress the load output"),
    ];

    private static FlagSpec[] Flags_container_logs() =>
    [
        new(FlagKind.Bool, "details", '\0', "Show extra details provided to logs"),
        new(FlagKind.Bool, "follow", 'f', "Follow log output"),
        new(FlagKind.String, "since", '\0', "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
        new(FlagKind.String, "tail", 'n', "Number of lines to show from the end of the logs", "all"),
        new(FlagKind.Bool, "timestamps", 't', "Show timestamps"),
        new(FlagKind.String, "until", '\0', "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)"),
    ];

    private static FlagSpec[] Flags_container_restart() =>
    [
        new(FlagKind.String, "signal", 's', "Signal to send to the container"),
        new(FlagKind.Int, "timeout", 't', "Seconds to wait before killing the container"),
    ];

    private static FlagSpec[] Flags_container_rm() =>
    [
        new(FlagKind.Bool, "force", 'f', "Force the removal of a running container (uses SIGKILL)"),
        new(FlagKind.Bool, "link", 'l', "Remove the specified link"),
        new(FlagKind.Bool, "volumes", 'v', "Remove anonymous volumes associated with the container"),
    ];

    private static FlagSpec[] Flags_image_rm() =>
    [
        new(FlagKind.Bool, "force", 'f', "Force removal of the image"),
        new(FlagKind.Bool, "no-prune", '\0', "Do not delete untagged parents"),
        new(FlagKind.StringSlice, "platform", '\0', "Remove only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
    ];

    private static FlagSpec[] Flags_image_save() =>
    [
        new(FlagKind.String, "output", 'o', "Write to a file, instead of STDOUT"),
        new(FlagKind.String, "platform", '\0', "Save only the given platform variant. Formatted as \"os[/arch[/variant]]\" (e.g., \"linux/amd64\")"),
    ];

    private static FlagSpec[] Flags_container_start() =>
    [
        new(FlagKind.Bool, "attach", 'a', "Attach STDOUT/STDERR and forward signals"),
        new(FlagKind.String, "checkpoint", '\0', "Restore from this checkpoint"),
        new(FlagKind.String, "checkpoint-dir", '\0', "Use a custom checkpoint storage directory"),
        new(FlagKind.String, "detach-keys", '\0', "Override the key sequence for detaching a container"),
        new(FlagKind.Bool, "interactive", 'i', "Attach container's STDIN"),
    ];

    private static FlagSpec[] Flags_container_stats() =>
    [
        new(FlagKind.Bool, "all", 'a', "Show all containers (default shows just running)"),
        new(FlagKind.String, "format", '\0', "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.Bool, "no-stream", '\0', "Disable streaming stats and only pull the first result"),
        new(FlagKind.Bool, "no-trunc", '\0', "Do not truncate output"),
    ];

    private static FlagSpec[] Flags_container_stop() =>
    [
        new(FlagKind.String, "signal", 's', "Signal to send to the container"),
        new(FlagKind.Int, "timeout", 't', "Seconds to wait before killing the container"),
    ];

    private static FlagSpec[] Flags_container_update() =>
    [
        new(FlagKind.Uint16, "blkio-weight", '\0', "Block IO (relative weight), between 10 and 1000, or 0 to disable (default 0)"),
        new(FlagKind.Int, "cpu-period", '\0', "Limit CPU CFS (Completely Fair Scheduler) period"),
        new(FlagKind.Int, "cpu-quota", '\0', "Limit CPU CFS (Completely Fair Scheduler) quota"),
        new(FlagKind.Int, "cpu-rt-period", '\0', "Limit the CPU real-time period in microseconds"),
        new(FlagKind.Int, "cpu-rt-runtime", '\0', "Limit the CPU real-time runtime in microseconds"),
        new(FlagKind.Int, "cpu-shares", 'c', "CPU shares (relative weight)"),
        new(FlagKind.Decimal, "cpus", '\0', "Number of CPUs"),
        new(FlagKind.String, "cpuset-cpus", '\0', "CPUs in which to allow execution (0-3, 0,1)"),
        new(FlagKind.String, "cpuset-mems", '\0', "MEMs in which to allow execution (0-3, 0,1)"),
        new(FlagKind.Bytes, "memory", 'm', "Memory limit"),
        new(FlagKind.Bytes, "memory-reservation", '\0', "Memory soft limit"),
        new(FlagKind.Bytes, "memory-swap", '\0', "Swap limit equal to memory plus swap: -1 to enable unlimited swap"),
        new(FlagKind.Int, "pids-limit", '\0', "Tune container pids limit (set -1 for unlimited)"),
        new(FlagKind.String, "restart", '\0', "Restart policy to apply when a container exits"),
    ];

    private static FlagSpec[] Flags_builder_prune() =>
    [
        new(FlagKind.Bool, "all", 'a', "Remove all unused build cache, not just dangling ones"),
        new(FlagKind.Filter, "filter", '\0', "Provide filter values (e.g. \"until=24h\")"),
        new(FlagKind.Bool, "force", 'f', "Do not prompt for confirmation"),
        new(FlagKind.Bytes, "keep-storage", '\0', "Amount of disk space to keep for cache"),
    ];

    private static FlagSpec[] Flags_container_inspect() =>
    [
        new(FlagKind.String, "format", 'f', "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.Bool, "size", 's', "Display total file sizes"),
    ];

    private static FlagSpec[] Flags_container_prune() =>
    [
        new(FlagKind.Filter, "filter", '\0', "Provide filter values (e.g. \"until=<timestamp>\")"),
        new(FlagKind.Bool, "force", 'f', "Do not prompt for confirmation"),
    ];

    private static FlagSpec[] Flags_image_inspect() =>
    [
        new(FlagKind.String, "format", 'f', "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.String, "platform", '\0', "Inspect a specific platform of the multi-platform image.\nIf the image or the server is not multi-platform capable, the command will error out if the platform does not match.\n'os[/arch[/variant]]': Explicit platform (eg. linux/amd64)"),
    ];

    private static FlagSpec[] Flags_image_prune() =>
    [
        new(FlagKind.Bool, "all", 'a', "Remove all unused images, not just dangling ones"),
        new(FlagKind.Filter, "filter", '\0', "Provide filter values (e.g. \"until=<timestamp>\")"),
        new(FlagKind.Bool, "force", 'f', "Do not prompt for confirmation"),
    ];

    private static FlagSpec[] Flags_network_connect() =>
    [
        new(FlagKind.StringSlice, "alias", '\0', "Add network-scoped alias for the container"),
        new(FlagKind.StringSlice, "driver-opt", '\0', "driver options for the network"),
        new(FlagKind.Int, "gw-priority", '\0', "Highest gw-priority provides the default gateway. Accepts positive and negative values."),
        new(FlagKind.String, "ip", '\0', "IPv4 address (e.g., \"172.30.100.104\")"),
        new(FlagKind.String, "ip6", '\0', "IPv6 address (e.g., \"2001:db8::33\")"),
        new(FlagKind.List, "link", '\0', "Add link to another container"),
        new(FlagKind.StringSlice, "link-local-ip", '\0', "Add a link-local address for the container"),
    ];

    private static FlagSpec[] Flags_network_create() =>
    [
        new(FlagKind.Bool, "attachable", '\0', "Enable manual container attachment"),
        new(FlagKind.Map, "aux-address", '\0', "Auxiliary IPv4 or IPv6 addresses used by Network driver", "map[]"),
        new(FlagKind.String, "config-from", '\0', "The network from which to copy the configuration"),
        new(FlagKind.Bool, "config-only", '\0', "Create a configuration only network"),
        new(FlagKind.String, "driver", 'd', "Driver to manage the Network", "bridge"),
        new(FlagKind.StringSlice, "gateway", '\0', "IPv4 or IPv6 Gateway for the master subnet"),
        new(FlagKind.Bool, "ingress", '\0', "Create swarm routing-mesh network"),
        new(FlagKind.Bool, "internal", '\0', "Restrict external access to the network"),
        new(FlagKind.StringSlice, "ip-range", '\0', "Allocate container ip from a sub-range"),
        new(FlagKind.String, "ipam-driver", '\0', "IP Address Management Driver", "default"),
        new(FlagKind.Map, "ipam-opt", '\0', "Set IPAM driver specific options", "map[]"),
        new(FlagKind.Bool, "ipv4", '\0', "Enable or disable IPv4 address assignment", "true"),
        new(FlagKind.Bool, "ipv6", '\0', "Enable or disable IPv6 address assignment"),
        new(FlagKind.List, "label", '\0', "Set metadata on a network"),
        new(FlagKind.Map, "opt", 'o', "Set driver specific options", "map[]"),
        new(FlagKind.String, "scope", '\0', "Control the network's scope"),
        new(FlagKind.StringSlice, "subnet", '\0', "Subnet in CIDR format that represents a network segment"),
    ];

    private static FlagSpec[] Flags_network_disconnect() =>
    [
        new(FlagKind.Bool, "force", 'f', "Force the container to disconnect from a network"),
    ];

    private static FlagSpec[] Flags_network_inspect() =>
    [
        new(FlagKind.String, "format", 'f', "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.Bool, "verbose", 'v', "Verbose output for diagnostics"),
    ];

    private static FlagSpec[] Flags_network_ls() =>
    [
        new(FlagKind.Filter, "filter", 'f', "Provide filter values (e.g. \"driver=bridge\")"),
        new(FlagKind.String, "format", '\0', "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.Bool, "no-trunc", '\0', "Do not truncate the output"),
        new(FlagKind.Bool, "quiet", 'q', "Only display network IDs"),
    ];

    private static FlagSpec[] Flags_network_prune() =>
    [
        new(FlagKind.Filter, "filter", '\0', "Provide filter values (e.g. \"until=<timestamp>\")"),
        new(FlagKind.Bool, "force", 'f', "Do not prompt for confirmation"),
    ];

    private static FlagSpec[] Flags_network_rm() =>
    [
        new(FlagKind.Bool, "force", 'f', "Do not error if the network does not exist"),
    ];

    private static FlagSpec[] Flags_system_df() =>
    [
        new(FlagKind.String, "format", '\0', "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.Bool, "verbose", 'v', "Show detailed information on space usage"),
    ];

    private static FlagSpec[] Flags_system_prune() =>
    [
        new(FlagKind.Bool, "all", 'a', "Remove all unused images not just dangling ones"),
        new(FlagKind.Filter, "filter", '\0', "Provide filter values (e.g. \"label=<key>=<value>\")"),
        new(FlagKind.Bool, "force", 'f', "Do not prompt for confirmation"),
        new(FlagKind.Bool, "volumes", '\0', "Prune anonymous volumes"),
    ];

    private static FlagSpec[] Flags_volume_create() =>
    [
        new(FlagKind.String, "availability", '\0', "Cluster Volume availability (\"active\", \"pause\", \"drain\")", "active"),
        new(FlagKind.String, "driver", 'd', "Specify volume driver name", "local"),
        new(FlagKind.String, "group", '\0', "Cluster Volume group (cluster volumes)"),
        new(FlagKind.List, "label", '\0', "Set metadata for a volume"),
        new(FlagKind.Bytes, "limit-bytes", '\0', "Minimum size of the Cluster Volume in bytes"),
        new(FlagKind.Map, "opt", 'o', "Set driver specific options", "map[]"),
        new(FlagKind.Bytes, "required-bytes", '\0', "Maximum size of the Cluster Volume in bytes"),
        new(FlagKind.String, "scope", '\0', "Cluster Volume access scope (\"single\", \"multi\")", "single"),
        new(FlagKind.Map, "secret", '\0', "Cluster Volume secrets", "map[]"),
        new(FlagKind.String, "sharing", '\0', "Cluster Volume access sharing (\"none\", \"readonly\", \"onewriter\", \"all\")", "none"),
        new(FlagKind.List, "topology-preferred", '\0', "A topology that the Cluster Volume would be preferred in"),
        new(FlagKind.List, "topology-required", '\0', "A topology that the Cluster Volume must be accessible from"),
        new(FlagKind.String, "type", '\0', "Cluster Volume access type (\"mount\", \"block\")", "block"),
    ];

    private static FlagSpec[] Flags_volume_inspect() =>
    [
        new(FlagKind.String, "format", 'f', "Format output using a custom template:\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
    ];

    private static FlagSpec[] Flags_volume_ls() =>
    [
        new(FlagKind.Bool, "cluster", '\0', "Display only cluster volumes, and use cluster volume list formatting"),
        new(FlagKind.Filter, "filter", 'f', "Provide filter values (e.g. \"dangling=true\")"),
        new(FlagKind.String, "format", '\0', "Format output using a custom template:\n'table':            Print output in table format with column headers (default)\n'table TEMPLATE':   Print output in table format using the given Go template\n'json':             Print in JSON format\n'TEMPLATE':         Print output using the given Go template.\nRefer to https://docs.docker.com/go/formatting/ for more information about formatting output with templates"),
        new(FlagKind.Bool, "quiet", 'q', "Only display volume names"),
    ];

    private static FlagSpec[] Flags_volume_prune() =>
    [
        new(FlagKind.Bool, "all", 'a', "Remove all unused volumes, not just anonymous ones"),
        new(FlagKind.Filter, "filter", '\0', "Provide filter values (e.g. \"label=<label>\")"),
        new(FlagKind.Bool, "force", 'f', "Do not prompt for confirmation"),
    ];

    private static FlagSpec[] Flags_volume_rm() =>
    [
        new(FlagKind.Bool, "force", 'f', "Force the removal of one or more volumes"),
    ];

}
