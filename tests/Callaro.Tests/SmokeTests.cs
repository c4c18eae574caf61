namespace Callaro.Tests;
