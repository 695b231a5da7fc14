using Berth.Linux.Seccomp;

namespace Berth.Runtime.Seccomp;

/// <summary>
/// Builds a classic BPF program with symbolic forward jumps. Conditional jumps reach at most 255 instructions
/// ahead; <see cref="Build"/> inserts an unconditional jump (32-bit offset) after any that must reach further.
/// </summary>
internal sealed class BpfAssembler
{
    private struct Item
    {
        public ushort Code;
        public uint K;
        public int TrueLabel;   // conditional: jt target; JA: target
        public int FalseLabel;  // conditional: jf target
    }

    private readonly List<Item> _items = new(512);
    private readonly List<int> _labels = new(1024);   // label -> index of the instruction it marks (-1 unbound)
    private readonly Dictionary<uint, int> _returns = new();

    public int Count => _items.Count;

    public int NewLabel()
    {
        _labels.Add(-1);
        return _labels.Count - 1;
    }

    public void Bind(int label)
    {
        if (_labels[label] >= 0) throw new InvalidOperationException($"bpf label {label} bound twice");
        _labels[label] = _items.Count;
    }

    /// <summary>A label for "return <paramref name="value"/>", emitted once per scope by <see cref="FlushReturns"/>.</summary>
    public int Return(uint value)
    {
        if (!_returns.TryGetValue(value, out int label)) _returns[value] = label = NewLabel();
        return label;
    }

    /// <summary>Emits the return instructions asked for since the last flush (so they sit near their users).</summary>
    public void FlushReturns()
    {
        var values = new uint[_returns.Count];
        _returns.Keys.CopyTo(values, 0);
        Array.Sort(values);
        foreach (uint value in values)
        {
            Bind(_returns[value]);
            Emit(BpfInstruction.BPF_RET | BpfInstruction.BPF_K, value);
        }
        _returns.Clear();
    }

    public void LoadWord(uint offset) => Emit(BpfInstruction.BPF_LD | BpfInstruction.BPF_W | BpfInstruction.BPF_ABS, offset);

    public void And(uint k) => Emit(BpfInstruction.BPF_ALU | BpfInstruction.BPF_AND | BpfInstruction.BPF_K, k);

    /// <summary>if (A op k) goto trueLabel else goto falseLabel.</summary>
    public void JumpIf(ushort op, uint k, int trueLabel, int falseLabel) =>
        _items.Add(new Item { Code = (ushort)(BpfInstruction.BPF_JMP | op | BpfInstruction.BPF_K), K = k, TrueLabel = trueLabel, FalseLabel = falseLabel });

    public void Jump(int label) =>
        _items.Add(new Item { Code = BpfInstruction.BPF_JMP | BpfInstruction.BPF_JA, TrueLabel = label, FalseLabel = -1 });

    private void Emit(ushort code, uint k) => _items.Add(new Item { Code = code, K = k, TrueLabel = -1, FalseLabel = -1 });

    private static bool IsConditional(ushort code) =>
        (code & 0x07) == BpfInstruction.BPF_JMP && (code & 0xf0) != BpfInstruction.BPF_JA;

    private static bool IsJumpAlways(ushort code) => code == (BpfInstruction.BPF_JMP | BpfInstruction.BPF_JA);

    public BpfInstruction[] Build()
    {
        if (_returns.Count > 0) FlushReturns();
        foreach (var item in _items)
        {
            if (item.TrueLabel >= 0 && _labels[item.TrueLabel] < 0) throw new InvalidOperationException($"bpf label {item.TrueLabel} never bound");
            if (item.FalseLabel >= 0 && _labels[item.FalseLabel] < 0) throw new InvalidOperationException($"bpf label {item.FalseLabel} never bound");
        }

        // Give far conditional targets a trampoline right after the jump; insertions lengthen other jumps,
        // so repeat until a pass inserts nothing.
        while (AddTrampolines()) { }

        var program = new BpfInstruction[_items.Count];
        for (int i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            if (IsConditional(item.Code))
            {
                int jt = Offset(i, item.TrueLabel), jf = Offset(i, item.FalseLabel);
                program[i] = new BpfInstruction(item.Code, checked((byte)jt), checked((byte)jf), item.K);
            }
            else if (IsJumpAlways(item.Code))
                program[i] = new BpfInstruction(item.Code, 0, 0, (uint)Offset(i, item.TrueLabel));
            else
                program[i] = new BpfInstruction(item.Code, 0, 0, item.K);
        }
        return program;
    }

    /// <summary>Puts an unconditional jump after every conditional jump for each target out of its reach.</summary>
    private bool AddTrampolines()
    {
        // inserted[i]: trampolines placed after instruction i in this pass.
        int[]? inserted = null;
        for (int i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            if (!IsConditional(item.Code)) continue;
            int count = (Offset(i, item.TrueLabel) > 255 ? 1 : 0) + (Offset(i, item.FalseLabel) > 255 ? 1 : 0);
            if (count == 0) continue;
            inserted ??= new int[_items.Count];
            inserted[i] = count;
        }
        if (inserted is null) return false;

        // Where each old instruction moves (labels follow the instruction they mark; one past the end too).
        var moved = new int[_items.Count + 1];
        for (int i = 0, shift = 0; i <= _items.Count; i++)
        {
            moved[i] = i + shift;
            if (i < _items.Count) shift += inserted[i];
        }
        var oldLabels = _labels.ToArray();
        for (int l = 0; l < _labels.Count; l++)
            if (_labels[l] >= 0) _labels[l] = moved[_labels[l]];

        var items = new List<Item>(moved[^1]);
        for (int i = 0; i < _items.Count; i++)
        {
            var item = _items[i];
            if (inserted[i] == 0)
            {
                items.Add(item);
                continue;
            }
            int at = moved[i] + 1;
            var trampolines = new List<Item>(2);
            if (oldLabels[item.TrueLabel] - (i + 1) > 255)
            {
                trampolines.Add(new Item { Code = BpfInstruction.BPF_JMP | BpfInstruction.BPF_JA, TrueLabel = item.TrueLabel, FalseLabel = -1 });
                item.TrueLabel = LabelAt(at++);
            }
            if (oldLabels[item.FalseLabel] - (i + 1) > 255)
            {
                trampolines.Add(new Item { Code = BpfInstruction.BPF_JMP | BpfInstruction.BPF_JA, TrueLabel = item.FalseLabel, FalseLabel = -1 });
                item.FalseLabel = LabelAt(at++);
            }
            items.Add(item);
            items.AddRange(trampolines);
        }
        _items.Clear();
        _items.AddRange(items);
        return true;
    }

    private int Offset(int from, int label)
    {
        int target = _labels[label];
        int offset = target - (from + 1);
        if (offset < 0) throw new InvalidOperationException($"bpf jump from {from} to {target} goes backwards");
        return offset;
    }

    private int LabelAt(int index)
    {
        _labels.Add(index);
        return _labels.Count - 1;
    }
}
