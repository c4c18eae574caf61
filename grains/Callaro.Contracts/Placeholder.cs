namespace Callaro.Contracts;
