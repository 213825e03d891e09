namespace Logbeam.Server.Storage.Sqlite;

/// <summary>
/// The two places a device's lines are found (<see cref="SqliteLineIndexer"/>): the device index, which holds them up to
/// the index file's mark, and the newest lines past that mark, which the index has not reached yet.
/// </summary>
internal enum DeviceLines
{
    /// <summary>Up to the mark, walked in the device index.</summary>
    Indexed,

    /// <summary>Past the mark, read from the lines themselves, newest ids first.</summary>
    PastTheMark,
}
