namespace Callaro.Grains;
