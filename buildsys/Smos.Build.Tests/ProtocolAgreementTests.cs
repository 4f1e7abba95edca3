// The numbers buildsys repeats from protocol (it may not reference it) agree with protocol, and the app SDK links like buildsys.
using System.Linq;
using System.Xml.Linq;
using Smos.Formats;
using Smos.Protocol;
using Xunit;

namespace Smos.Build.Tests;

public class ProtocolAgreementTests
{
    [Fact]
    public void TheInitListArgsLimitIsTheStartInfoLimit() => Assert.Equal(ProcessAbi.MaxArgBytes, InitList.MaxArgBytes);

    [Fact]
    public void ProgramsAreLinkedForThePageSizeOfTheProtocolAndTheLoader()
    {
        Assert.Equal(ProcessAbi.PageSize, Pipeline.LinkPageSize);
        Assert.Equal(BootLayout.PageSize, Pipeline.LinkPageSize);

        var repo = new Repo(Repo.FindRoot(System.AppContext.BaseDirectory)!);
        XDocument targets = XDocument.Load(repo.InRepo("kernel-glue/Smos.App.targets"));
        string link = targets.Descendants("Target").Single(t => (string?)t.Attribute("Name") == "SmosAppElf")
            .Descendants("Exec").Single().Attribute("Command")!.Value;
        Assert.Contains("-z max-page-size=" + Pipeline.LinkPageSize + " ", link, System.StringComparison.Ordinal);
    }
}
