using System.Text;

namespace Berth.Cli.Formatting;

/// <summary>
/// Go's text/tabwriter (elastic tabstops) as the docker CLI configures it: minwidth 10, tabwidth 1, padding 3,
/// space padding. Cells are tab-terminated; a line without tabs ends the current column block.
/// </summary>
public sealed class TabWriter
{
    private readonly StringBuilder _output;
    private readonly int _minWidth, _padding;
    private readonly List<List<Cell>> _lines = new();
    private readonly StringBuilder _cell = new();
    private readonly List<int> _widths = new();

    private readonly record struct Cell(string Text, int Width, bool Htab);

    public TabWriter(StringBuilder output, int minWidth = 10, int padding = 3)
    {
        _output = output;
        _minWidth = minWidth;
        _padding = padding;
        _lines.Add(new List<Cell>());
    }

    public void Write(string text)
    {
        foreach (char ch in text)
        {
            switch (ch)
            {
                case '\t':
                case '\v':
                    TerminateCell(ch == '\t');
                    break;
                case '\n':
                case '\f':
                {
                    int ncells = TerminateCell(false);
                    _lines.Add(new List<Cell>());
                    if (ch == '\f' || ncells == 1) Flush();
                    break;
                }
                default:
                    _cell.Append(ch);
                    break;
            }
        }
    }

    private int TerminateCell(bool htab)
    {
        string text = _cell.ToString();
        _cell.Clear();
        var line = _lines[^1];
        line.Add(new Cell(text, RuneWidth.Of(text), htab));
        return line.Count;
    }

    public void Flush()
    {
        if (_cell.Length > 0) TerminateCell(false);
        Format(0, _lines.Count);
        _lines.Clear();
        _lines.Add(new List<Cell>());
        _widths.Clear();
    }

    private void Format(int line0, int line1)
    {
        int column = _widths.Count;
        for (int thisLine = line0; thisLine < line1; thisLine++)
        {
            var line = _lines[thisLine];
            if (column >= line.Count - 1) continue;
            WriteLines(line0, thisLine);
            line0 = thisLine;
            int width = _minWidth;
            for (; thisLine < line1; thisLine++)
            {
                line = _lines[thisLine];
                if (column >= line.Count - 1) break;
                var c = line[column];
                int w = c.Width + _padding;
                if (w > width) width = w;
            }
            _widths.Add(width);
            Format(line0, thisLine);
            _widths.RemoveAt(_widths.Count - 1);
            line0 = thisLine;
        }
        WriteLines(line0, line1);
    }

    private void WriteLines(int line0, int line1)
    {
        for (int i = line0; i < line1; i++)
        {
            var line = _lines[i];
            for (int j = 0; j < line.Count; j++)
            {
                var c = line[j];
                if (c.Text.Length == 0)
                {
                    if (j < _widths.Count) _output.Append(' ', _widths[j] - c.Width);
                }
                else
                {
                    _output.Append(c.Text);
                    if (j < _widths.Count) _output.Append(' ', _widths[j] - c.Width);
                }
            }
            if (i + 1 == _lines.Count)
            {
                // the last buffered line has no newline yet
            }
            else _output.Append('\n');
        }
    }
}
