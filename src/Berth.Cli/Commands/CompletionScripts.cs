namespace Berth.Cli.Commands;

/// <summary>The completion scripts; each defers to `berth __complete WORDS...` (cobra's protocol: candidates, then ":directive").</summary>
public static class CompletionScripts
{
    public static string Help(string shell) => shell switch
    {
        "bash" => "Generate the autocompletion script for the bash shell.\n\nThis script depends on the 'bash-completion' package.\n\nTo load completions in your current shell session:\n\n\tsource <(berth completion bash)\n\nTo load completions for every new session, execute once:\n\n\tberth completion bash > /etc/bash_completion.d/berth",
        "zsh" => "Generate the autocompletion script for the zsh shell.\n\nTo load completions in your current shell session:\n\n\tsource <(berth completion zsh)\n\nTo load completions for every new session, execute once:\n\n\tberth completion zsh > \"${fpath[1]}/_berth\"",
        _ => "Generate the autocompletion script for the fish shell.\n\nTo load completions in your current shell session:\n\n\tberth completion fish | source\n\nTo load completions for every new session, execute once:\n\n\tberth completion fish > ~/.config/fish/completions/berth.fish",
    };

    public static string Script(string shell, bool descriptions)
    {
        string request = descriptions ? "__complete" : "__completeNoDesc";
        return shell switch
        {
            "bash" => Bash.Replace("__REQUEST__", request),
            "zsh" => Zsh.Replace("__REQUEST__", request),
            _ => Fish.Replace("__REQUEST__", request),
        };
    }

    private const string Bash = """
# bash completion for berth
__berth_complete()
{
    local cur words cword
    if declare -F _init_completion >/dev/null 2>&1; then
        _init_completion -n =: || return
    else
        cur="${COMP_WORDS[COMP_CWORD]}"
        words=("${COMP_WORDS[@]}")
        cword=$COMP_CWORD
    fi
    local args=("${words[@]:1:$cword}")
    local out directive
    out=$("${words[0]}" __REQUEST__ "${args[@]}" 2>/dev/null)
    directive=${out##*:}
    out=${out%:*}
    local IFS=$'\n'
    local candidates=()
    local line
    for line in $out; do
        candidates+=("${line%%$'\t'*}")
    done
    if (( (directive & 2) != 0 )); then compopt -o nospace 2>/dev/null; fi
    if (( (directive & 4) != 0 )) && [ ${#candidates[@]} -eq 0 ]; then
        COMPREPLY=()
        return
    fi
    COMPREPLY=($(compgen -W "${candidates[*]}" -- "$cur"))
    if [ ${#COMPREPLY[@]} -eq 0 ] && (( (directive & 4) == 0 )); then
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o default -F __berth_complete berth

""";

    private const string Zsh = """
#compdef berth
# zsh completion for berth
_berth()
{
    local -a args completions
    args=("${words[@]:1:$((CURRENT-1))}")
    local out directive line
    out=$(${words[1]} __REQUEST__ "${args[@]}" 2>/dev/null)
    directive=${out##*:}
    out=${out%:*}
    for line in ${(f)out}; do
        if [[ "$line" == *$'\t'* ]]; then
            completions+=("${${line%%$'\t'*}//:/\\:}:${line#*$'\t'}")
        else
            completions+=("${line//:/\\:}")
        fi
    done
    if (( ${#completions} > 0 )); then
        _describe 'berth' completions
    elif (( (directive & 4) == 0 )); then
        _files
    fi
}
compdef _berth berth

""";

    private const string Fish = """
# fish completion for berth
function __berth_complete
    set -l args (commandline -opc)
    set -e args[1]
    set -l current (commandline -ct)
    set -l out (berth __REQUEST__ $args "$current" 2>/dev/null)
    set -e out[-1]
    for line in $out
        echo $line
    end
end
complete -c berth -f -a '(__berth_complete)'

""";
}
