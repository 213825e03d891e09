namespace Logbeam.Device.Upload;

/// <summary>
/// Where a batch stands in the device's stream of lines, sent as Logbeam's optional upload members (docs/protocol.md,
/// "Logbeam extensions"): the client's boot id (new for each client started), the number of the batch's first line
/// (lines are numbered from 1 in the order they are sealed into batches, consecutively within a boot), and the lines
/// dropped so far in this boot by cause. Totals rather than amounts since the last batch, so that a batch that is
/// itself lost costs the platform nothing but its own lines.
/// </summary>
internal readonly record struct BatchOrigin(string BootId, long FirstLine, DropTotals Dropped);
