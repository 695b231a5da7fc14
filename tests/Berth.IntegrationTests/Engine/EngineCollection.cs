using Berth.IntegrationTests.Daemon;

namespace Berth.IntegrationTests.Engine;

/// <summary>One private berthd shared by the engine tests, which run one after another (prunes see every object).</summary>
[CollectionDefinition("engine")]
public sealed class EngineCollection : ICollectionFixture<BerthdFixture>;
